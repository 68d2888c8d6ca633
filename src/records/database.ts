import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { lockOutput, OutputLocked } from '../pipeline/lock.ts';

/** Runs one SQL statement with $1-style parameters. */
export interface Sql {
  query<Row>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Several statements without parameters (a migration). */
  exec(text: string): Promise<void>;
}

/** PGlite or a PostgreSQL server behind one interface: the same SQL runs on both. */
export interface Database extends Sql {
  /** Runs `work` in one transaction, committed before the promise resolves, rolled back when it throws. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Says which database this is without its address or password, for messages. */
  description: string;
}

export interface DatabaseOptions {
  /** A PostgreSQL connection string (DATABASE_URL); null or absent for the embedded database. */
  databaseUrl?: string | null;
  /** The project's `var/` folder: the embedded database lives in its `records/` folder. */
  dataDir: string;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openServer(options.databaseUrl) : openEmbedded(path.join(options.dataDir, 'records'));
}

/** Another process has the embedded database open. */
export class DatabaseInUse extends Error {}

async function openEmbedded(directory: string): Promise<Database> {
  await mkdir(directory, { recursive: true });
  // PGlite is one process's database: a second process writing the same files would corrupt them.
  let unlock: () => Promise<void>;
  try {
    unlock = await lockOutput(directory, '.records.lock');
  } catch (error) {
    if (!(error instanceof OutputLocked)) throw error;
    throw new DatabaseInUse(`The embedded records database in ${directory} is open in another handout process: stop that one first, or set DATABASE_URL to share a PostgreSQL server`);
  }
  let db: PGlite;
  try {
    // relaxedDurability stays off: every query's changes reach the files before it resolves.
    db = await PGlite.create(directory, { relaxedDurability: false });
  } catch (error) {
    await unlock();
    throw error;
  }
  const over = (target: Pick<PGlite, 'query' | 'exec'>): Sql => ({
    query: async <Row>(text: string, params?: unknown[]) => (await target.query<Row>(text, params)).rows,
    exec: async (text) => {
      await target.exec(text);
    },
  });
  return {
    ...over(db),
    transaction: (work) => db.transaction((tx) => work(over(tx))),
    close: async () => {
      await db.close();
      await unlock();
    },
    description: `the embedded records database in ${directory}`,
  };
}

async function openServer(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url });
  // An idle client's error (server restarted) would otherwise crash the process; the next query reconnects.
  pool.on('error', () => {});
  const over = (target: pg.Pool | pg.PoolClient): Sql => ({
    query: async <Row>(text: string, params?: unknown[]) => (await target.query(text, params)).rows as Row[],
    exec: async (text) => {
      await target.query(text);
    },
  });
  const database: Database = {
    ...over(pool),
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(over(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
    description: 'the PostgreSQL records database (DATABASE_URL)',
  };
  // Fails now, with a clear message, rather than at the first record.
  await database.query('SELECT 1');
  return database;
}
