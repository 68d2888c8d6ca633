import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fold } from '../src/server/catalog.ts';
import { frontDeskProject, manifestEntry, openDesk, PASSWORDS, TOPIC } from './helpers/frontdesk.ts';
import { BIN } from './helpers/cli.ts';
import { Client } from './helpers/inject-client.ts';
import { mailConfig, testSmtp, type TestSmtp } from './helpers/smtp.ts';

const edition = (overrides: Record<string, string> = {}) => ({ topic: TOPIC, language: 'es', level: 'plain', format: 'handout', paper: 'letter', clinic: 'riverside', ...overrides });
const query = (overrides: Record<string, string> = {}) => new URLSearchParams(edition(overrides)).toString();
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let root: string;
let desk: Awaited<ReturnType<typeof openDesk>>;
let smtp: TestSmtp;
/** Every log line of every server this file starts. */
const logs: string[] = [];

beforeAll(async () => {
  smtp = await testSmtp();
  root = await frontDeskProject(mailConfig(smtp.port));
  desk = await openDesk(root);
});
afterAll(async () => {
  await desk?.close();
  await smtp?.close();
});

/** Restarts the server over the same project (one records database open at a time). */
async function reopen(options: Parameters<typeof openDesk>[1] = {}) {
  logs.push(desk.log.text);
  await desk.close();
  desk = await openDesk(root, options);
  sessions.clear();
}

/** Sessions signed in once per staff member (sign-ins are rate limited), each test with a client of its own. */
const sessions = new Map<string, string>();
async function signedIn(name: keyof typeof PASSWORDS = 'alice'): Promise<Client> {
  const client = new Client(desk.app);
  const session = sessions.get(name);
  if (session) {
    client.cookies.set('handout_session', session);
    return client;
  }
  const response = await client.signIn(name, PASSWORDS[name]);
  expect(response.statusCode).toBe(303);
  sessions.set(name, client.cookies.get('handout_session')!);
  return client;
}

describe('sign-in and sessions', () => {
  it('sends anyone not signed in to the sign-in page, and refuses a wrong password', async () => {
    const client = new Client(desk.app);
    expect((await client.get('/search?q=espasmo')).headers.location).toBe('/sign-in');
    expect((await client.get(`/edition/file?${query()}`)).headers.location).toBe('/sign-in');
    expect((await client.post('/print', edition())).statusCode).toBe(401);
    expect((await client.signIn('alice', 'not the password')).statusCode).toBe(401);
    expect((await client.signIn('mallory', 'not the password')).statusCode).toBe(401);
  });

  it('keeps the session on the server: the cookie is HttpOnly, SameSite=Strict and Secure; a made-up session id is nobody', async () => {
    const client = new Client(desk.app);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { name: 'alice', password: PASSWORDS.alice });
    const cookie = (response.cookies as { name: string; httpOnly?: boolean; sameSite?: string; secure?: boolean }[]).find((c) => c.name === 'handout_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: true });
    expect((await client.get('/search')).statusCode).toBe(200);
    client.cookies.set('handout_session', 'x'.repeat(43));
    expect((await client.get('/search')).headers.location).toBe('/sign-in');
  });

  it('signs out: the session ends on the server, so the old cookie no longer works', async () => {
    const client = new Client(desk.app);
    await client.signIn('alice', PASSWORDS.alice);
    const old = client.cookies.get('handout_session')!;
    await client.get('/search');
    expect((await client.post('/sign-out', {})).headers.location).toBe('/sign-in');
    client.cookies.set('handout_session', old);
    expect((await client.get('/search')).headers.location).toBe('/sign-in');
  });

  it('limits sign-in attempts per user name and address (429)', async () => {
    const client = new Client(desk.app);
    await client.get('/sign-in');
    const statuses = [];
    for (let attempt = 0; attempt < 11; attempt += 1) statuses.push((await client.post('/sign-in', { name: 'zed', password: `guess ${attempt}` })).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });

  it('signs in a staff member added to the records database with `handout staff add`, and prints a hash `staff hash` users can put in the config', async () => {
    logs.push(desk.log.text);
    await desk.close();
    const added = spawnSync(process.execPath, [BIN, '--root', root, 'staff', 'add', 'dana'], { input: 'dana password 4444\n', encoding: 'utf8' });
    expect(added.stderr).toContain('Staff member dana added');
    const again = spawnSync(process.execPath, [BIN, '--root', root, 'staff', 'add', 'dana'], { input: 'another password\n', encoding: 'utf8' });
    expect([again.status, again.stderr]).toEqual([1, 'error: A staff account named "dana" already exists\n']);
    const hashed = spawnSync(process.execPath, [BIN, 'staff', 'hash'], { input: 'a config password\n', encoding: 'utf8' });
    expect(await verify(hashed.stdout.trim(), 'a config password')).toBe(true);
    expect(spawnSync(process.execPath, [BIN, 'staff', 'hash'], { input: 'short\n', encoding: 'utf8' }).stderr).toBe('error: The password is too short: use at least 8 characters\n');
    desk = await openDesk(root);
    sessions.clear();
    const client = new Client(desk.app);
    expect((await client.signIn('dana', 'dana password 4444')).statusCode).toBe(303);
    expect((await client.get('/search')).body).toContain('Signed in as dana');
  });

  it('honours a proxy header only when the config names one, and still asks for CSRF tokens', async () => {
    expect((await new Client(desk.app).get('/search', { 'x-remote-user': 'alice' })).headers.location).toBe('/sign-in');
    const config = path.join(root, 'handout.config.yaml');
    const original = await readFile(config, 'utf8');
    await writeFile(config, `${original}auth: { trustedHeader: X-Remote-User }\n`);
    try {
      await reopen();
      const proxied = { 'x-remote-user': 'erin' };
      const client = new Client(desk.app);
      expect((await client.get('/search', proxied)).body).toContain('Signed in as erin');
      expect((await client.get('/search', { 'x-remote-user': '../../etc' })).headers.location).toBe('/sign-in');
      await client.get(`/edition?${query()}`, proxied);
      expect((await client.post('/print', { ...edition(), patientRef: 'MRN-SSO' }, { csrf: null, headers: proxied })).statusCode).toBe(403);
      expect((await client.post('/print', { ...edition(), patientRef: 'MRN-SSO' }, { headers: proxied })).statusCode).toBe(200);
      expect((await desk.records.deliveriesFor({ patientRef: 'MRN-SSO' }))[0]?.staff).toBe('erin');
    } finally {
      await writeFile(config, original);
      await reopen();
    }
  });
});

describe('forms are protected', () => {
  it('refuses a form posted without its CSRF token (403), and records nothing', async () => {
    const client = await signedIn();
    await client.get(`/edition?${query()}`);
    const response = await client.post('/print', { ...edition(), patientRef: 'MRN-CSRF-1' }, { csrf: null });
    expect(response.statusCode).toBe(403);
    expect(await desk.records.deliveriesFor({ patientRef: 'MRN-CSRF-1' })).toEqual([]);
  });

  it("refuses another user's token with one's own session (403)", async () => {
    const alice = await signedIn('alice');
    await alice.get(`/edition?${query()}`);
    const bob = await signedIn('bob');
    await bob.get(`/edition?${query()}`);
    // Bob's session with Alice's token and CSRF cookie: the token names Alice.
    bob.cookies.set('handout_csrf', alice.cookies.get('handout_csrf')!);
    const response = await bob.post('/print', { ...edition(), patientRef: 'MRN-CSRF-2' }, { csrf: alice.csrf });
    expect(response.statusCode).toBe(403);
    expect(await desk.records.deliveriesFor({ patientRef: 'MRN-CSRF-2' })).toEqual([]);
  });

  it('sends strict security headers: a CSP without inline script, no framing by others', async () => {
    const client = await signedIn();
    const response = await client.get('/search');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).not.toMatch(/<script>|<script [^>]*>[^<]/);
  });
});

describe('editions are the project’s own, and only ready ones', () => {
  it.each([
    ['topic', '../../../etc/passwd'],
    ['topic', `${TOPIC}/../../handout.config`],
    ['language', '../es'],
    ['format', '../../handout.config.yaml'],
    ['clinic', '..'],
    ['paper', 'legal'],
  ])('refuses %s=%s (400), and reads no file for it', async (field, value) => {
    const client = await signedIn();
    const response = await client.get(`/edition/file?${query({ [field]: value })}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).not.toContain('root:');
  });

  it('refuses path tricks in topic and static paths (404)', async () => {
    const client = await signedIn();
    expect((await client.get('/topics/..%2F..%2Fetc%2Fpasswd')).statusCode).toBe(400);
    expect((await client.get('/static/..%2Fapp.ts')).statusCode).toBe(404);
    expect((await client.get('/static/frontdesk.css')).statusCode).toBe(200);
  });

  it('serves a built edition from output/, byte for byte as the manifest lists it', async () => {
    const client = await signedIn();
    const response = await client.get(`/edition/file?${query()}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(sha256(response.rawPayload)).toBe((await manifestEntry(root, `${TOPIC}/${TOPIC}.plain.es.handout.pdf`)).sha256);
  });

  it('renders an edition not built (another clinic on A4) on demand, and keeps it by content hash under var/', async () => {
    const client = await signedIn();
    const response = await client.get(`/edition/file?${query({ clinic: 'lakeside', paper: 'a4' })}`);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const cache = path.join(root, 'var/editions');
    const cached = await Promise.all((await readdir(cache)).map(async (name) => sha256(await readFile(path.join(cache, name)))));
    expect(cached).toContain(sha256(response.rawPayload));
    expect(response.headers.etag).toBe(`"${sha256(response.rawPayload)}"`);
  });

  it('says on the topic page which languages are ready and why the draft is not, and refuses the draft for patients (409)', async () => {
    const client = await signedIn();
    const topic = await client.get(`/topics/${TOPIC}`);
    expect(topic.body).toMatch(/Tiếng Việt<\/th><td>plain<\/td><td>No: draft translation/);
    expect(topic.body).toContain('1 missing');
    expect(topic.body).not.toContain(`language=vi&amp;level=plain`);
    for (const url of [`/edition?${query({ language: 'vi' })}`, `/edition/file?${query({ language: 'vi' })}`, `/edition/preview.png?${query({ language: 'vi' })}`]) {
      const refused = await client.get(url);
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('cannot be given to a patient');
    }
    await client.get(`/edition?${query()}`);
    const print = await client.post('/print', { ...edition({ language: 'vi' }), patientRef: 'MRN-DRAFT' });
    expect(print.statusCode).toBe(409);
    expect(await desk.records.deliveriesFor({ patientRef: 'MRN-DRAFT' })).toEqual([]);
  });
});

describe('search', () => {
  it('finds the topic by Spanish and Chinese words, accents and case aside', async () => {
    const client = await signedIn();
    for (const words of ['espasmo', '面肌痉挛', 'CIRUGIA', 'Hemifacial']) {
      const response = await client.get(`/search?q=${encodeURIComponent(words)}`);
      expect(response.body, words).toContain('1 topic found');
      expect(response.body).toContain(`/topics/${TOPIC}`);
    }
    expect((await client.get('/search?q=appendicitis')).body).toContain('0 topics found');
  });

  it('filters by language, level and format, and never offers a draft', async () => {
    const client = await signedIn();
    expect((await client.get('/search?q=espasmo&language=en')).body).toContain('0 topics found');
    expect((await client.get('/search?q=espasmo&language=es&level=detailed')).body).toContain('1 topic found');
    // The tri-fold is configured for the plain level only.
    expect((await client.get('/search?q=espasmo&level=detailed&format=trifold')).body).toContain('0 topics found');
    // Vietnamese lacks its title's translation at both levels: a draft, so nothing is found.
    expect((await client.get('/search?q=&language=vi')).body).toContain('0 topics found');
    expect((await client.get('/search?language=klingon')).statusCode).toBe(400);
  });

  it('folds text the way people type it', () => {
    expect(fold('Cirugía')).toBe(fold('CIRUGIA'));
    expect(fold('ＡＢＣ')).toBe('abc');
    expect(fold('面肌痉挛')).toBe('面肌痉挛');
  });
});

describe('deliveries', () => {
  it('records a print with the patient reference, and the history page finds it', async () => {
    const client = await signedIn('bob');
    await client.get(`/edition?${query()}`);
    const print = await client.post('/print', { ...edition(), patientRef: 'MRN-0042', staff: 'alice' });
    expect(print.statusCode).toBe(200);
    expect(print.body).toContain('id="print-frame"');
    const [delivery] = await desk.records.deliveriesFor({ patientRef: 'MRN-0042' });
    const built = await manifestEntry(root, `${TOPIC}/${TOPIC}.plain.es.handout.pdf`);
    // The staff member is the session's, never a form field's.
    expect(delivery).toMatchObject({ staff: 'bob', channel: 'print', recipient: null, edition: { topic: TOPIC, language: 'es', version: built.version, contentHash: built.contentHash } });
    await client.get('/history');
    const history = await client.post('/history', { patientRef: 'MRN-0042' });
    expect(history.body).toContain('MRN-0042');
    expect(history.body).toContain('Printed');
    expect(desk.log.text).not.toContain('MRN-0042');
  });

  it('records a download and sends the PDF as an attachment', async () => {
    const client = await signedIn();
    await client.get(`/edition?${query({ language: 'zh-Hans' })}`);
    const download = await client.post('/download', { ...edition({ language: 'zh-Hans' }), patientRef: 'MRN-DL' });
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="recurrent-hemifacial-spasm\.plain\.zh-Hans\.handout\.pdf"/);
    expect((await desk.records.deliveriesFor({ patientRef: 'MRN-DL' }))[0]?.channel).toBe('download');
  });

  it('answers 503 with Retry-After when more editions wait to render than the queue holds', async () => {
    await reopen({ workers: 1, queue: 0 });
    const client = await signedIn();
    const responses = await Promise.all(['ru', 'ar', 'ht'].map((language) => client.get(`/edition/file?${query({ language, level: 'detailed' })}`)));
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
    expect(responses.find((response) => response.statusCode === 503)!.headers['retry-after']).toBe('5');
    await reopen();
  });

  it('lists who holds an earlier version once the topic moves on, as a page and as CSV', async () => {
    const client = await signedIn();
    await client.get(`/edition?${query()}`);
    await client.post('/print', { ...edition(), patientRef: 'MRN-RECALL' });
    const topicFile = path.join(root, 'content', `${TOPIC}.md`);
    await writeFile(topicFile, (await readFile(topicFile, 'utf8')).replace('version: "1.0"', 'version: "1.1"'));
    await reopen();
    const again = await signedIn();
    const recall = await again.get(`/topics/${TOPIC}/recall`);
    expect(recall.body).toContain('The current version is 1.1');
    expect(recall.body).toContain('MRN-RECALL');
    const csv = await again.get(`/topics/${TOPIC}/recall.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('MRN-RECALL');
    expect(csv.body).toContain('1.0');
  });
});

describe('email', () => {
  const send = async (client: Client, form: Record<string, string>, language = 'es') => {
    await client.get(`/edition?${query({ language })}`);
    return client.post('/email', { ...edition({ language }), confirm: 'yes', ...form });
  };
  const emailsTo = async (recipient: string) => (await desk.records.deliveriesFor({ recipient })).filter((delivery) => delivery.channel === 'email');

  it('sends the edition to the address given, then records it with the message id', async () => {
    const client = await signedIn();
    const before = smtp.received.length;
    const response = await send(client, { to: 'maria.lopez@example.org' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('The mail server accepted it');
    expect(smtp.received.length).toBe(before + 1);
    const message = smtp.received.at(-1)!;
    expect(message.to).toMatchObject({ value: [{ address: 'maria.lopez@example.org' }] });
    const [delivery] = await emailsTo('maria.lopez@example.org');
    expect(delivery).toMatchObject({ staff: 'alice', channel: 'email', patientConfirmed: true, messageId: message.messageId });
  });

  it.each(['not-an-address', 'a@example.org, b@example.org', 'a@example.org\r\nBcc: b@example.org', '"Maria" <a@example.org>'])('refuses the address %j (400), sending and recording nothing', async (to) => {
    const client = await signedIn('carol');
    const before = smtp.received.length;
    const response = await send(client, { to });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('not valid');
    expect(response.body).toContain('Nothing was recorded as sent');
    expect(smtp.received.length).toBe(before);
  });

  it('refuses to send without the confirmation that the patient asked for email (400)', async () => {
    const client = await signedIn('carol');
    const response = await send(client, { to: 'no.confirm@example.org', confirm: '' });
    expect(response.statusCode).toBe(400);
    expect(await emailsTo('no.confirm@example.org')).toEqual([]);
  });

  it('refuses a draft translation by email too (409)', async () => {
    const client = await signedIn();
    await client.get(`/edition?${query()}`);
    const response = await client.post('/email', { ...edition({ language: 'vi' }), to: 'draft@example.org', confirm: 'yes' });
    expect(response.statusCode).toBe(409);
    expect(await emailsTo('draft@example.org')).toEqual([]);
  });

  it('limits sends per recipient (the config allows 3 a day)', async () => {
    const client = await signedIn('carol');
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt += 1) statuses.push((await send(client, { to: 'often@example.org' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await emailsTo('often@example.org')).toHaveLength(3);
  });

  it('limits 500 sends in a minute to a few, each sent one recorded, the rest refused (429)', async () => {
    const client = await signedIn('bob');
    await client.get(`/edition?${query()}`);
    const before = smtp.received.length;
    const statuses: number[] = [];
    for (let batch = 0; batch < 10; batch += 1) {
      const responses = await Promise.all(Array.from({ length: 50 }, (_, index) => client.post('/email', { ...edition(), to: `burst${batch * 50 + index}@example.org`, confirm: 'yes' })));
      statuses.push(...responses.map((response) => response.statusCode));
    }
    const sent = statuses.filter((status) => status === 200).length;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(500 - sent);
    expect(smtp.received.length - before).toBe(sent);
    expect(await desk.records.countEmails({ staff: 'bob', since: new Date(Date.now() - 60_000) })).toBe(sent);
  });

  it('says clearly when the SMTP server is down, and records nothing as sent', async () => {
    await smtp.close();
    const client = await signedIn();
    const response = await send(client, { to: 'server.down@example.org' });
    expect(response.statusCode).toBe(502);
    expect(response.body).toContain('cannot be reached');
    expect(response.body).toContain('Nothing was recorded as sent');
    expect(await emailsTo('server.down@example.org')).toEqual([]);
  });

  it('never writes an address or a patient reference to the log', () => {
    const log = [...logs, desk.log.text].join('');
    expect(log).toContain('"msg":"delivered"');
    for (const secret of ['maria.lopez@example.org', 'often@example.org', 'burst1@example.org', 'server.down@example.org', 'not-an-address', 'MRN-0042', 'MRN-RECALL', 'MRN-DL']) expect(log).not.toContain(secret);
  });
});
