/**
 * The front desk's records: every print, download and email of an edition,
 * staff accounts, and server-side sessions, in PGlite (embedded, in
 * `<dataDir>/records`, made on first open) or in PostgreSQL when a
 * `databaseUrl` (DATABASE_URL) is given. Both run the same SQL and versioned
 * migrations (./migrations.ts).
 *
 * Every write is a committed transaction before its promise resolves.
 * Deliveries are append-only: no function changes or deletes one, and the
 * database itself refuses UPDATE, DELETE and TRUNCATE on them.
 *
 * API as in helper-notes/frontdesk-interface.md, with these additions:
 * - RecordsError: thrown with a staff-facing message (no patient data) for a
 *   database that cannot be opened, is newer than this code, or a delivery
 *   that breaks the rules (email without recipient or confirmation…);
 * - deliveriesFor throws when given neither recipient nor patientRef, and
 *   matches either when given both; recipients match case-insensitively;
 * - recall lists deliveries of every version other than the current one
 *   (versions are free text, so "earlier" means "not current"), newest first;
 * - addStaff throws RecordsError when the name is taken.
 */
import { createHash, randomBytes } from 'node:crypto';
import { toCsv } from './csv.ts';
import { DatabaseInUse, openDatabase, type Database, type DatabaseOptions } from './database.ts';
import { migrate, SchemaTooNewError } from './migrations.ts';

export type RecordsOptions = DatabaseOptions;

export interface EditionRef {
  topic: string;
  version: string;
  language: string;
  level: string;
  format: string;
  clinic: string;
  paper: string;
  contentHash: string;
}

export type Channel = 'print' | 'download' | 'email';
export const CHANNELS: readonly Channel[] = ['print', 'download', 'email'];

export interface Delivery {
  id: string;
  staff: string;
  at: Date;
  edition: EditionRef;
  channel: Channel;
  /** The email address, for emails only. */
  recipient: string | null;
  /** What the staff typed to name the patient (MRN or name), if anything. */
  patientRef: string | null;
  messageId: string | null;
  /** The patient asked for it (for email: and was told email may not be encrypted). */
  patientConfirmed: boolean;
}

export type NewDelivery = Omit<Delivery, 'id' | 'at'> & { at?: Date };

export interface StaffAccount {
  name: string;
  passwordHash: string;
  displayName: string | null;
}

export interface Records {
  recordDelivery(delivery: NewDelivery): Promise<Delivery>;
  /** What this patient was given, newest first: deliveries to the address or under the reference (either, when both are given). */
  deliveriesFor(query: { recipient?: string; patientRef?: string }): Promise<Delivery[]>;
  /** Deliveries of the topic in any version but `currentVersion`, newest first: who holds an outdated handout. */
  recall(topic: string, currentVersion: string): Promise<Delivery[]>;
  /** The recall list as RFC 4180 CSV with a header row, safe to open in a spreadsheet. */
  recallCsv(topic: string, currentVersion: string): Promise<string>;
  /** Emails sent since `since` by a staff member and/or to a recipient, for send limits. */
  countEmails(query: { staff?: string; recipient?: string; since: Date }): Promise<number>;
  addStaff(user: { name: string; passwordHash: string; displayName?: string }): Promise<void>;
  staffNamed(name: string): Promise<StaffAccount | null>;
  /** A new session's id (32 random bytes, base64url) for the cookie; only its hash is stored. */
  createSession(staff: string, ttlMs: number): Promise<string>;
  /** The session's staff member; null when the id is unknown, ended or expired. */
  sessionStaff(id: string): Promise<string | null>;
  endSession(id: string): Promise<void>;
  close(): Promise<void>;
}

/** A records problem with a message fit for staff and logs: never a patient's address or reference. */
export class RecordsError extends Error {}

/** A row of `deliveries`: the edition's fields are its columns, content_hash in snake case. */
type DeliveryRow = Omit<EditionRef, 'contentHash'> & {
  id: string;
  staff: string;
  at: Date;
  content_hash: string;
  channel: Channel;
  recipient: string | null;
  patient_ref: string | null;
  message_id: string | null;
  patient_confirmed: boolean;
};

const DELIVERY_COLUMNS =
  'id::text AS id, staff, at, topic, version, language, level, format, clinic, paper, content_hash, channel, recipient, patient_ref, message_id, patient_confirmed';
const NEWEST_FIRST = 'ORDER BY at DESC, id DESC';

const CSV_HEADER = ['time (UTC)', 'staff', 'channel', 'recipient', 'patient reference', 'patient confirmed', 'topic', 'version', 'language', 'level', 'format', 'clinic', 'paper', 'content hash', 'message id'];

export async function openRecords(options: RecordsOptions): Promise<Records> {
  let database: Database;
  try {
    database = await openDatabase(options);
  } catch (error) {
    if (error instanceof DatabaseInUse) throw new RecordsError(error.message);
    // The connection string may hold a password: the message names only the kind of failure.
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new RecordsError(options.databaseUrl ? `Cannot connect to the PostgreSQL records database (DATABASE_URL): ${reason}` : `Cannot open the records database in ${options.dataDir}: ${reason}`);
  }
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    if (error instanceof SchemaTooNewError) throw new RecordsError(error.message);
    throw error;
  }
  return recordsOver(database);
}

function recordsOver(database: Database): Records {
  const deliveries = async (where: string, params: unknown[]) =>
    (await database.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE ${where} ${NEWEST_FIRST}`, params)).map(deliveryOf);

  const records: Records = {
    async recordDelivery(delivery) {
      checkDelivery(delivery);
      const { edition } = delivery;
      const [row] = await database.transaction((sql) =>
        sql.query<DeliveryRow>(
          `INSERT INTO deliveries (staff, at, topic, version, language, level, format, clinic, paper, content_hash, channel, recipient, patient_ref, message_id, patient_confirmed)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING ${DELIVERY_COLUMNS}`,
          [delivery.staff, delivery.at ?? new Date(), edition.topic, edition.version, edition.language, edition.level, edition.format, edition.clinic, edition.paper, edition.contentHash, delivery.channel, delivery.recipient, delivery.patientRef, delivery.messageId, delivery.patientConfirmed],
        ),
      );
      return deliveryOf(row!);
    },

    async deliveriesFor({ recipient, patientRef }) {
      if (!recipient && !patientRef) throw new RecordsError('Name the patient: an email address or a patient reference');
      return deliveries('lower(recipient) = lower($1::text) OR patient_ref = $2::text', [recipient ?? null, patientRef ?? null]);
    },

    recall: (topic, currentVersion) => deliveries('topic = $1 AND version <> $2', [topic, currentVersion]),

    async recallCsv(topic, currentVersion) {
      const rows = (await records.recall(topic, currentVersion)).map((d) => [
        d.at.toISOString(),
        d.staff,
        d.channel,
        d.recipient ?? '',
        d.patientRef ?? '',
        d.patientConfirmed ? 'yes' : 'no',
        d.edition.topic,
        d.edition.version,
        d.edition.language,
        d.edition.level,
        d.edition.format,
        d.edition.clinic,
        d.edition.paper,
        d.edition.contentHash,
        d.messageId ?? '',
      ]);
      return toCsv([CSV_HEADER, ...rows]);
    },

    async countEmails({ staff, recipient, since }) {
      const [row] = await database.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM deliveries WHERE channel = 'email' AND at >= $1 AND ($2::text IS NULL OR staff = $2) AND ($3::text IS NULL OR lower(recipient) = lower($3))`,
        [since, staff ?? null, recipient ?? null],
      );
      return row!.count;
    },

    async addStaff({ name, passwordHash, displayName }) {
      const inserted = await database.transaction((sql) =>
        sql.query('INSERT INTO staff (name, password_hash, display_name) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING RETURNING name', [name, passwordHash, displayName ?? null]),
      );
      if (inserted.length === 0) throw new RecordsError(`A staff account named "${name}" already exists`);
    },

    async staffNamed(name) {
      const [row] = await database.query<{ name: string; password_hash: string; display_name: string | null }>('SELECT name, password_hash, display_name FROM staff WHERE name = $1', [name]);
      return row ? { name: row.name, passwordHash: row.password_hash, displayName: row.display_name } : null;
    },

    async createSession(staff, ttlMs) {
      const id = randomBytes(32).toString('base64url');
      const now = new Date();
      await database.transaction(async (sql) => {
        // Expired sessions are of no use to anyone: dropped here so the table stays small.
        await sql.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
        await sql.query('INSERT INTO sessions (id_hash, staff, created_at, expires_at) VALUES ($1, $2, $3, $4)', [sessionHash(id), staff, now, new Date(now.getTime() + ttlMs)]);
      });
      return id;
    },

    async sessionStaff(id) {
      const [row] = await database.query<{ staff: string }>('SELECT staff FROM sessions WHERE id_hash = $1 AND expires_at > $2', [sessionHash(id), new Date()]);
      return row?.staff ?? null;
    },

    async endSession(id) {
      await database.transaction((sql) => sql.query('DELETE FROM sessions WHERE id_hash = $1', [sessionHash(id)]));
    },

    close: () => database.close(),
  };
  return records;
}

function sessionHash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

function checkDelivery(delivery: NewDelivery): void {
  if (!CHANNELS.includes(delivery.channel)) throw new RecordsError(`Unknown channel "${String(delivery.channel)}": expected ${CHANNELS.join(', ')}`);
  if (delivery.channel === 'email') {
    if (!delivery.recipient) throw new RecordsError('An email delivery needs its recipient');
    if (!delivery.patientConfirmed) throw new RecordsError('An email delivery needs the patient\'s confirmation that they asked for email');
  } else if (delivery.recipient !== null) {
    throw new RecordsError(`Only emails have a recipient, not a ${delivery.channel}`);
  }
}

function deliveryOf(row: DeliveryRow): Delivery {
  const { id, staff, at, content_hash, channel, recipient, patient_ref, message_id, patient_confirmed, ...edition } = row;
  return { id, staff, at, edition: { ...edition, contentHash: content_hash }, channel, recipient, patientRef: patient_ref, messageId: message_id, patientConfirmed: patient_confirmed };
}
