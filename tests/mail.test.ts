import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, type MailConfig } from '../src/config/index.ts';
import { openProject, prepareEdition, renderEdition, type EditionSpec, type PreparedEdition } from '../src/index.ts';
import { emailEdition, MailError, mailSettings, sendEditionEmail, validRecipient, type MailSettings } from '../src/mail/index.ts';
import { openRecords, type EditionRef, type Records } from '../src/records/index.ts';
import { REPO_ROOT, tempProject } from './helpers/project.ts';

const run = promisify(execFile);
const PATIENT = 'maria.lopez@example.org';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface TestServer {
  port: number;
  received: { mail: ParsedMail; raw: string; secure: boolean }[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];
async function smtpServer(options: SMTPServerOptions): Promise<TestServer> {
  const received: TestServer['received'] = [];
  const server = new SMTPServer({
    authOptional: true,
    logger: false,
    ...options,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (mail) => {
            received.push({ mail, raw: raw.toString('latin1'), secure: session.secure });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const test: TestServer = { port: typeof address === 'object' && address ? address.port : 0, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
  servers.push(test);
  return test;
}

let dir: string;
let certificate: { key: string; cert: string };
let project: Awaited<ReturnType<typeof openProject>>;
let spanish: PreparedEdition;
let pdf: Uint8Array;
const spec: EditionSpec = { topic: 'recurrent-hemifacial-spasm', language: 'es', level: 'plain', format: 'handout', paper: 'letter', clinic: null };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'handout-mail-'));
  // A self-signed certificate for 127.0.0.1, trusted through mail.caFile.
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost']);
  certificate = { key: await readFile(path.join(dir, 'key.pem'), 'utf8'), cert: await readFile(path.join(dir, 'cert.pem'), 'utf8') };
  project = await openProject(REPO_ROOT);
  const { prepared } = await prepareEdition(project, spec);
  spanish = prepared!;
  pdf = (await renderEdition(spanish)).bytes;
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await rm(dir, { recursive: true, force: true });
});

const mailConfig = (port: number, overrides: Partial<MailConfig> = {}): MailConfig => ({
  host: '127.0.0.1',
  port,
  tls: 'starttls',
  from: { address: 'handouts@riverside-neuro.example.org', name: 'Riverside Neurology Clinic' },
  caFile: 'cert.pem',
  allowInsecureForLocalTesting: false,
  limits: { perStaffPerHour: 30, perRecipientPerDay: 5 },
  ...overrides,
});

const settingsFor = (config: MailConfig, env: Record<string, string> = {}) => mailSettings(config, { projectRoot: dir, env });

const sendSpanish = (settings: MailSettings, to = PATIENT) => sendEditionEmail(settings, { to, language: 'es', texts: spanish.email, pdf });

/** The MailError a promise rejects with. */
async function mailError(promise: Promise<unknown>): Promise<MailError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MailError);
  return error as MailError;
}

describe('emailing an edition', () => {
  it('sends the Spanish edition over STARTTLS, signed in: subject and body in Spanish, the online link, the PDF attached byte for byte', async () => {
    const server = await smtpServer({
      ...certificate,
      onAuth: (auth, _session, callback) => (auth.username === 'relay-user' && auth.password === 'relay-secret' ? callback(null, { user: auth.username }) : callback(new Error('Invalid username or password'))),
      authOptional: false,
    });
    const settings = await settingsFor(mailConfig(server.port), { HANDOUT_SMTP_USER: 'relay-user', HANDOUT_SMTP_PASSWORD: 'relay-secret' });
    const { messageId } = await sendSpanish(settings);

    expect(server.received).toHaveLength(1);
    const { mail, secure } = server.received[0]!;
    expect(secure).toBe(true);
    expect(mail.messageId).toBe(messageId);
    expect(mail.subject).toBe('Su hoja informativa de Riverside Neurology Clinic');
    expect(mail.headers.get('content-language')).toBe('es');
    expect((mail.to as { value: { address: string }[] }).value.map((to) => to.address)).toEqual([PATIENT]);
    expect(mail.text).toBe(
      'Aquí tiene la hoja informativa que le dio su equipo de atención médica de Riverside Neurology Clinic. Está adjunta a este correo electrónico como archivo PDF.\n\n' +
        'También puede leerla en línea: https://riverside-neuro.example.org/handouts/recurrent-hemifacial-spasm/es/plain\n\n' +
        'Su equipo de atención médica de Riverside Neurology Clinic\n',
    );
    // Neither the subject nor the attachment's name tells an onlooker the diagnosis.
    expect(`${mail.subject} ${mail.attachments[0]?.filename}`).not.toMatch(/espasmo|hemifacial/i);
    expect(mail.attachments).toHaveLength(1);
    const [attachment] = mail.attachments;
    expect(attachment).toMatchObject({ filename: 'Hoja informativa de Riverside Neurology Clinic.pdf', contentType: 'application/pdf' });
    expect(sha256(attachment!.content)).toBe(sha256(pdf));
  });

  it('signs with DKIM when a key is configured, over implicit TLS', async () => {
    const server = await smtpServer({ ...certificate, secure: true });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await writeFile(path.join(dir, 'dkim.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const settings = await settingsFor(mailConfig(server.port, { tls: 'implicit', dkim: { domainName: 'riverside-neuro.example.org', keySelector: 'handout', privateKeyFile: 'dkim.pem' } }));
    await sendSpanish(settings);
    const { raw, secure } = server.received[0]!;
    expect(secure).toBe(true);
    const signature = /^DKIM-Signature: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
    expect(signature).toMatch(/\bd=riverside-neuro\.example\.org;/);
    expect(signature).toMatch(/\bs=handout;/);
    expect(signature).toMatch(/\bb=[A-Za-z0-9+/=\s]{100,}/);
  });

  it('sends nothing to a server that offers no STARTTLS, or whose certificate is not trusted', async () => {
    const plain = await smtpServer({ disabledCommands: ['STARTTLS'] });
    const noTls = await mailError(sendSpanish(await settingsFor(mailConfig(plain.port))));
    expect(noTls.reason).toBe('tls');
    expect(noTls.message).toContain('never emailed unencrypted');
    expect(plain.received).toHaveLength(0);

    const untrusted = await smtpServer({ ...certificate });
    const { caFile: _trusted, ...withoutCa } = mailConfig(untrusted.port);
    expect((await mailError(sendSpanish(await settingsFor(withoutCa)))).reason).toBe('tls');
    expect(untrusted.received).toHaveLength(0);
  });

  it('says so clearly, naming no address, when the server is down, refuses the sign-in or refuses the recipient', async () => {
    const gone = await smtpServer({ ...certificate });
    await gone.close();
    const down = await mailError(sendSpanish(await settingsFor(mailConfig(gone.port))));
    expect(down.reason).toBe('unreachable');
    expect(down.message).toBe(`The mail server 127.0.0.1:${gone.port} cannot be reached. The email was not sent; try again later, or print the handout.`);

    const strict = await smtpServer({ ...certificate, authOptional: false, onAuth: (_auth, _session, callback) => callback(new Error('Invalid username or password')) });
    const auth = await mailError(sendSpanish(await settingsFor(mailConfig(strict.port), { HANDOUT_SMTP_USER: 'relay-user', HANDOUT_SMTP_PASSWORD: 'wrong' })));
    expect(auth.reason).toBe('auth');
    expect(auth.message).toContain('HANDOUT_SMTP_USER');

    const refusing = await smtpServer({
      ...certificate,
      onRcptTo: (recipient, _session, callback) => callback(Object.assign(new Error(`<${recipient.address}>: Recipient address rejected`), { responseCode: 550 })),
    });
    const refused = await mailError(sendSpanish(await settingsFor(mailConfig(refusing.port))));
    expect(refused.reason).toBe('refused');
    for (const error of [down, auth, refused]) {
      expect(error.message).not.toContain(PATIENT);
      expect(error.message).not.toContain('maria');
    }
    expect(refusing.received).toHaveLength(0);
  });

  it('sends without TLS only to a test server on this machine, and only when the config says so', async () => {
    const plain = await smtpServer({ disabledCommands: ['STARTTLS'] });
    await sendSpanish(await settingsFor(mailConfig(plain.port, { allowInsecureForLocalTesting: true })));
    expect(plain.received).toHaveLength(1);
    expect(plain.received[0]!.secure).toBe(false);
    expect((await mailError(settingsFor(mailConfig(25, { host: 'smtp.example.org', allowInsecureForLocalTesting: true })))).reason).toBe('config');
  });

  it('checks its settings: both credentials or neither, a readable DKIM private key', async () => {
    expect((await mailError(settingsFor(mailConfig(587), { HANDOUT_SMTP_USER: 'relay-user' }))).message).toContain('both HANDOUT_SMTP_USER and HANDOUT_SMTP_PASSWORD');
    expect((await mailError(settingsFor(mailConfig(587, { dkim: { domainName: 'example.org', keySelector: 's', privateKeyFile: 'missing.pem' } })))).message).toBe('mail.dkim.privateKeyFile: cannot read missing.pem (ENOENT)');
    expect((await mailError(settingsFor(mailConfig(587, { dkim: { domainName: 'example.org', keySelector: 's', privateKeyFile: 'cert.pem' } })))).message).toContain('holds no PEM private key');
    expect((await settingsFor(mailConfig(587), { HANDOUT_SMTP_USER: 'u', HANDOUT_SMTP_PASSWORD: 'p' })).auth).toEqual({ user: 'u', pass: 'p' });
    const implicit = await settingsFor({ ...mailConfig(0, { tls: 'implicit' }), port: undefined });
    expect(implicit.port).toBe(465);
  });

  it('accepts one plain address only', async () => {
    for (const good of ['maria.lopez@example.org', 'a+handouts@clinic.example.co.uk', "o'brien@example.com"]) expect(validRecipient(good), good).toBe(true);
    const bad = [
      'a@example.org, b@example.org',
      'a@example.org;b@example.org',
      'Maria <maria@example.org>',
      '"Maria" maria@example.org',
      'maria@example.org (Maria)',
      'maria@example.org\r\nBcc: everyone@example.org',
      'maria@example.org\nBcc: x@example.org',
      'maria@evil@example.org',
      'maria@example',
      '@example.org',
      'maria@',
      ' maria@example.org',
      `${'a'.repeat(65)}@example.org`,
      `a@${'b'.repeat(250)}.org`,
      '',
    ];
    for (const address of bad) expect(validRecipient(address), JSON.stringify(address)).toBe(false);
    const server = await smtpServer({ ...certificate });
    expect((await mailError(sendSpanish(await settingsFor(mailConfig(server.port)), 'a@example.org, b@example.org'))).reason).toBe('recipient');
    expect(server.received).toHaveLength(0);
  });
});

describe('email texts of a prepared edition', () => {
  it('are in the edition\'s language, and leave out the online link for a clinic without an online edition', async () => {
    const { prepared: english } = await prepareEdition(project, { ...spec, language: 'en' });
    expect(english!.email).toEqual({
      subject: 'Your handout from Riverside Neurology Clinic',
      body: 'Here is the handout your care team at Riverside Neurology Clinic gave you. It is attached to this email as a PDF file.',
      onlineLink: 'You can also read it online: https://riverside-neuro.example.org/handouts/recurrent-hemifacial-spasm/en/plain',
      signature: 'Your care team at Riverside Neurology Clinic',
      attachmentName: 'Handout from Riverside Neurology Clinic',
    });
    const { prepared: lakeside } = await prepareEdition(project, { ...spec, clinic: 'lakeside' });
    expect(lakeside!.email).toMatchObject({ subject: 'Su hoja informativa de Lakeside Family Health', onlineLink: null });
    const { prepared: chinese } = await prepareEdition(project, { ...spec, language: 'zh-Hans' });
    expect(chinese!.email.subject).toBe('您来自Riverside Neurology Clinic的健康资料');
  });

  it('are template strings like the others: an edition whose email strings are missing or stale is not final', async () => {
    const missing = await tempProject({}, { withSamples: true });
    const spanishStrings = path.join(missing.root, 'locales/es/ui.json');
    const { 'email.subject': _subject, ...withoutSubject } = JSON.parse(await readFile(spanishStrings, 'utf8')) as Record<string, string>;
    await writeFile(spanishStrings, JSON.stringify(withoutSubject));
    const refused = await prepareEdition(missing, spec);
    expect(refused.prepared).toBeNull();
    expect(refused.files.flatMap((file) => file.messages.map((message) => message.reason))).toContain('Español (es) template string `email.subject` has no translation');

    const stale = await tempProject({}, { withSamples: true });
    const sourceStrings = path.join(stale.root, 'locales/en/ui.json');
    await writeFile(sourceStrings, JSON.stringify({ ...JSON.parse(await readFile(sourceStrings, 'utf8')), 'email.body': 'Your handout from {{clinic}} is attached.' }));
    const outdated = await prepareEdition(await openProject(stale.root), spec);
    expect(outdated.prepared).toBeNull();
    expect(outdated.files.flatMap((file) => file.messages.map((message) => message.reason))).toContain(
      'Español (es) template string `email.body` is stale: its source text changed after it was translated',
    );
  });
});

describe('mail configuration', () => {
  const mailSection = configSchema.shape.mail.unwrap();
  it('defaults to STARTTLS, no insecure sending and send limits; refuses other TLS modes and unknown fields', () => {
    const parsed = mailSection.parse({ host: 'smtp.example.org', from: { address: 'handouts@example.org' } });
    expect(parsed).toMatchObject({ tls: 'starttls', allowInsecureForLocalTesting: false, limits: { perStaffPerHour: 30, perRecipientPerDay: 5 } });
    expect(mailSection.safeParse({ host: 'smtp.example.org', tls: 'none', from: { address: 'handouts@example.org' } }).success).toBe(false);
    // Credentials live in the environment, never in the config file.
    expect(mailSection.safeParse({ host: 'smtp.example.org', password: 'x', from: { address: 'handouts@example.org' } }).success).toBe(false);
  });
});

describe('emailing through the records', () => {
  let records: Records;
  let server: TestServer;
  let settings: MailSettings;
  const edition: EditionRef = { topic: spec.topic, version: '1.0', language: 'es', level: 'plain', format: 'handout', clinic: 'riverside', paper: 'letter', contentHash: 'abc123' };
  const request = (to: string, staff = 'nurse.lee') => ({ staff, to, edition, texts: spanish.email, pdf, patientRef: null, patientConfirmed: true });
  beforeAll(async () => {
    records = await openRecords({ dataDir: path.join(dir, 'var') });
    server = await smtpServer({ ...certificate });
    settings = await settingsFor(mailConfig(server.port, { limits: { perStaffPerHour: 3, perRecipientPerDay: 2 } }));
  });
  afterAll(async () => {
    await records?.close();
  });

  it('records each email sent with its message id, and holds the limits under a burst', async () => {
    const first = await emailEdition(records, settings, request('limit.me@example.org'));
    expect(first).toMatchObject({ channel: 'email', recipient: 'limit.me@example.org', patientConfirmed: true, edition });
    expect(first.messageId).toBe(server.received[0]!.mail.messageId);
    await emailEdition(records, settings, request('limit.me@example.org'));
    const third = await mailError(emailEdition(records, settings, request('LIMIT.me@example.org')));
    expect(third.reason).toBe('limit');
    expect(third.message).not.toContain('limit.me');

    const burst = await Promise.allSettled(Array.from({ length: 10 }, (_, index) => emailEdition(records, settings, request(`burst${index}@example.org`, 'burst.staff'))));
    expect(burst.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
    expect(burst.filter((outcome) => outcome.status === 'rejected' && (outcome.reason as MailError).reason === 'limit')).toHaveLength(7);
    expect(server.received).toHaveLength(5);
  });

  it('records nothing when the patient did not confirm or the email could not be sent', async () => {
    expect((await mailError(emailEdition(records, settings, { ...request('unconfirmed@example.org'), patientConfirmed: false }))).reason).toBe('confirmation');
    const down = await settingsFor(mailConfig(1, { limits: settings.config.limits }));
    expect((await mailError(emailEdition(records, down, request('down@example.org')))).reason).toBe('unreachable');
    expect(await records.deliveriesFor({ recipient: 'unconfirmed@example.org' })).toEqual([]);
    expect(await records.deliveriesFor({ recipient: 'down@example.org' })).toEqual([]);
  });
});
