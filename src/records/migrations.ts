import type { Database } from './database.ts';

/**
 * The records schema, one entry per version, oldest first. Released entries are
 * never edited: a change is a new entry. The same SQL runs on PGlite and on
 * PostgreSQL servers.
 */
export const MIGRATIONS: readonly { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: 'deliveries, staff accounts and sessions',
    sql: `
      CREATE TABLE deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        staff text NOT NULL,
        at timestamptz NOT NULL,
        topic text NOT NULL,
        version text NOT NULL,
        language text NOT NULL,
        level text NOT NULL,
        format text NOT NULL,
        clinic text NOT NULL,
        paper text NOT NULL,
        content_hash text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('print', 'download', 'email')),
        recipient text,
        patient_ref text,
        message_id text,
        patient_confirmed boolean NOT NULL,
        CONSTRAINT recipient_only_for_email CHECK ((channel = 'email') = (recipient IS NOT NULL)),
        CONSTRAINT email_confirmed_by_patient CHECK (channel <> 'email' OR patient_confirmed)
      );
      CREATE INDEX deliveries_topic_version ON deliveries (topic, version);
      CREATE INDEX deliveries_recipient ON deliveries (lower(recipient)) WHERE recipient IS NOT NULL;
      CREATE INDEX deliveries_patient_ref ON deliveries (patient_ref) WHERE patient_ref IS NOT NULL;
      CREATE INDEX deliveries_emails ON deliveries (at) WHERE channel = 'email';

      -- An audit record is never changed or deleted, whoever connects to the database.
      CREATE FUNCTION deliveries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'deliveries are append-only: a record of what a patient was given is never changed or deleted';
      END
      $$;
      CREATE TRIGGER deliveries_no_change BEFORE UPDATE OR DELETE ON deliveries
        FOR EACH ROW EXECUTE FUNCTION deliveries_append_only();
      CREATE TRIGGER deliveries_no_truncate BEFORE TRUNCATE ON deliveries
        FOR EACH STATEMENT EXECUTE FUNCTION deliveries_append_only();

      CREATE TABLE staff (
        name text PRIMARY KEY,
        password_hash text NOT NULL,
        display_name text,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      -- Only a SHA-256 of each session id: a copy of the database opens no session.
      CREATE TABLE sessions (
        id_hash text PRIMARY KEY,
        staff text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX sessions_expiry ON sessions (expires_at);
    `,
  },
];

export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((migration) => migration.version));

/** Any number: it only has to be the same for every process migrating the records. */
const MIGRATION_LOCK = 4_812_001;

export class SchemaTooNewError extends Error {}

/**
 * Applies the migrations the database lacks, all in one transaction under a
 * lock (two servers starting together migrate once), and records each in
 * schema_migrations. Refuses a database written by a newer handout.
 */
export async function migrate(database: Database): Promise<number[]> {
  return database.transaction(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await sql.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const applied = new Set((await sql.query<{ version: number }>('SELECT version FROM schema_migrations')).map((row) => row.version));
    const newest = Math.max(0, ...applied);
    if (newest > SCHEMA_VERSION) {
      throw new SchemaTooNewError(
        `The records in ${database.description} have schema version ${newest}, newer than this version of handout knows (${SCHEMA_VERSION}): ` +
          'a newer handout wrote them. Run that version (or newer), or restore a backup made before it; nothing was changed.',
      );
    }
    const pending = MIGRATIONS.filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      await sql.exec(migration.sql);
      await sql.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [migration.version, migration.description]);
    }
    return pending.map((migration) => migration.version);
  });
}
