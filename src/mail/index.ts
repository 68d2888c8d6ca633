/**
 * Emailing an edition's PDF to a patient, through the clinic's SMTP relay
 * (config `mail:`, credentials from HANDOUT_SMTP_USER / HANDOUT_SMTP_PASSWORD).
 *
 * API (helper-notes/frontdesk-interface.md, as built):
 * - mailSettings(config.mail, { projectRoot }) reads the credentials, the DKIM
 *   key and an extra CA file once, checking them; MailError('config') if wrong.
 * - validRecipient(address): one plain address (no list, display name,
 *   comment, line break, second @).
 * - sendEditionEmail(settings, { to, language, texts, pdf }) sends one email:
 *   `texts` is the prepared edition's `email` (prepareEdition), in the
 *   edition's language; the PDF is attached under `texts.attachmentName`.
 *   Resolves with the message id once the relay accepted it.
 * - emailEdition(records, settings, request) is what the front desk calls:
 *   checks the patient's confirmation, the address and the send limits, sends,
 *   then records the delivery; nothing is recorded when sending fails.
 *   Sends through one `records` run one at a time, so limits hold under a burst.
 * - sendLimitReached(records, limits, { staff, recipient }) for a form that
 *   wants to tell staff before they fill it in.
 * Every failure is a MailError whose message is for staff and logs: no
 * patient address, no server response text (it may quote the address).
 *
 * Deviations from the interface note: there is no emailTexts(): the texts are
 * `prepared.email` from prepareEdition (translated with the edition, so a
 * missing or stale email string keeps the edition from being final);
 * EditionEmail is { to, language, texts, pdf } (subject, body, link and
 * attachment name all come from `texts`); sendEditionEmail takes MailSettings,
 * not the raw config; the config says `tls: implicit | starttls` and
 * `allowInsecureForLocalTesting` (loopback hosts only), and may add `caFile`.
 */
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { MailConfig } from '../config/index.ts';
import type { EmailTexts } from '../i18n/translate.ts';
import type { Delivery, EditionRef, Records } from '../records/index.ts';

export type MailFailure = 'config' | 'recipient' | 'confirmation' | 'limit' | 'unreachable' | 'tls' | 'auth' | 'refused' | 'failed';

export class MailError extends Error {
  constructor(
    readonly reason: MailFailure,
    message: string,
  ) {
    super(message);
    this.name = 'MailError';
  }
}

/** The mail config with what it points to read and checked: what sending needs. */
export interface MailSettings {
  config: MailConfig;
  port: number;
  auth: { user: string; pass: string } | null;
  dkimPrivateKey: string | null;
  ca: string | null;
}

export interface EditionEmail {
  to: string;
  /** The edition's language, sent as Content-Language. */
  language: string;
  texts: EmailTexts;
  pdf: Uint8Array;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export async function mailSettings(config: MailConfig, options: { projectRoot: string; env?: Record<string, string | undefined> }): Promise<MailSettings> {
  const env = options.env ?? process.env;
  const user = env.HANDOUT_SMTP_USER ?? '';
  const pass = env.HANDOUT_SMTP_PASSWORD ?? '';
  if ((user === '') !== (pass === '')) throw new MailError('config', 'Set both HANDOUT_SMTP_USER and HANDOUT_SMTP_PASSWORD for the mail server, or neither');
  if (config.allowInsecureForLocalTesting && !LOOPBACK.has(config.host)) {
    throw new MailError('config', `mail.allowInsecureForLocalTesting is only for a test server on this machine (localhost), not ${config.host}: patients' email is never sent unencrypted`);
  }
  const readPem = async (file: string, field: string) => {
    try {
      return await readFile(path.resolve(options.projectRoot, file), 'utf8');
    } catch (error) {
      throw new MailError('config', `mail.${field}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
  };
  let dkimPrivateKey: string | null = null;
  if (config.dkim) {
    dkimPrivateKey = await readPem(config.dkim.privateKeyFile, 'dkim.privateKeyFile');
    try {
      createPrivateKey(dkimPrivateKey);
    } catch {
      throw new MailError('config', `mail.dkim.privateKeyFile: ${config.dkim.privateKeyFile} holds no PEM private key`);
    }
  }
  return {
    config,
    port: config.port ?? (config.tls === 'implicit' ? 465 : 587),
    auth: user ? { user, pass } : null,
    dkimPrivateKey,
    ca: config.caFile ? await readPem(config.caFile, 'caFile') : null,
  };
}

const INVALID_ADDRESS = 'The email address is not valid: enter one address, such as name@example.org';

// zod's address rule allows only letters, digits and _ ' + - . before the @, and a dotted host name after it.
const address = z.email().max(254);

/** One plain email address: no list, display name, comment, line break or second @. */
export function validRecipient(candidate: string): boolean {
  return address.safeParse(candidate).success && candidate.split('@')[0]!.length <= 64;
}

/** The email's plain text: body, the online link, the clinic's signature. */
function emailText(texts: EmailTexts): string {
  return [texts.body, texts.onlineLink, texts.signature].filter((part) => part !== null).join('\n\n') + '\n';
}

/** A file name any mail client and file system accepts, from the translated attachment name. */
function attachmentFileName(name: string): string {
  return `${name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ').trim() || 'handout'}.pdf`;
}

export async function sendEditionEmail(settings: MailSettings, email: EditionEmail): Promise<{ messageId: string }> {
  if (!validRecipient(email.to)) throw new MailError('recipient', INVALID_ADDRESS);
  const { config } = settings;
  const insecure = config.allowInsecureForLocalTesting;
  const transport = nodemailer.createTransport({
    host: config.host,
    port: settings.port,
    secure: config.tls === 'implicit',
    requireTLS: config.tls === 'starttls' && !insecure,
    ...(settings.auth ? { auth: settings.auth } : {}),
    tls: { minVersion: 'TLSv1.2', rejectUnauthorized: true, ...(settings.ca ? { ca: [settings.ca] } : {}) },
    // A front desk waits for the answer: minutes of nodemailer's defaults would look like a hang.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    ...(config.dkim && settings.dkimPrivateKey ? { dkim: { domainName: config.dkim.domainName, keySelector: config.dkim.keySelector, privateKey: settings.dkimPrivateKey } } : {}),
  });
  try {
    const info = await transport.sendMail({
      from: { name: config.from.name ?? '', address: config.from.address },
      to: { name: '', address: email.to },
      envelope: { from: config.from.address, to: [email.to] },
      subject: email.texts.subject.replace(/[\r\n]+/g, ' '),
      text: emailText(email.texts),
      headers: { 'Content-Language': email.language },
      attachments: [{ filename: attachmentFileName(email.texts.attachmentName), content: Buffer.from(email.pdf), contentType: 'application/pdf' }],
    });
    if (info.accepted.length !== 1) throw new MailError('refused', 'The mail server did not accept the recipient. The email was not sent.');
    return { messageId: info.messageId };
  } catch (error) {
    throw error instanceof MailError ? error : mailErrorOf(error as NodeJS.ErrnoException & { responseCode?: number }, settings);
  } finally {
    transport.close();
  }
}

/** nodemailer's error as a message for staff: never the server's response text, which may quote the address. */
function mailErrorOf(error: NodeJS.ErrnoException & { responseCode?: number }, settings: MailSettings): MailError {
  const server = `${settings.config.host}:${settings.port}`;
  const notSent = 'The email was not sent; try again later, or print the handout.';
  const certificate = /certificate|self[- ]signed|CERT_|wrong version number|SSL routines/i.test(error.message);
  if (error.code === 'ETLS' || (error.code === 'ESOCKET' && certificate)) {
    return new MailError('tls', `The mail server ${server} offered no secure (TLS) connection that could be trusted. Handouts are never emailed unencrypted. ${notSent}`);
  }
  if (error.code === 'EAUTH' || error.code === 'ENOAUTH') {
    return new MailError('auth', `The mail server ${server} refused to sign in (check HANDOUT_SMTP_USER and HANDOUT_SMTP_PASSWORD). ${notSent}`);
  }
  if (error.code === 'ECONNECTION' || error.code === 'ETIMEDOUT' || error.code === 'EDNS' || error.code === 'ESOCKET') {
    return new MailError('unreachable', `The mail server ${server} cannot be reached. ${notSent}`);
  }
  if (error.code === 'EENVELOPE' || error.code === 'EMESSAGE' || (error.responseCode ?? 0) >= 400) {
    return new MailError('refused', `The mail server ${server} refused the email${error.responseCode ? ` (code ${error.responseCode})` : ''}. ${notSent}`);
  }
  return new MailError('failed', `Sending through the mail server ${server} failed (${error.code ?? 'unknown error'}). ${notSent}`);
}

/** A staff-facing reason when a limit of `mail.limits` is reached, else null. */
export async function sendLimitReached(records: Records, limits: MailConfig['limits'], who: { staff: string; recipient: string }, now = new Date()): Promise<string | null> {
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  if ((await records.countEmails({ staff: who.staff, since: hourAgo })) >= limits.perStaffPerHour) {
    return `You have sent ${limits.perStaffPerHour} emails in the last hour, the most allowed. Print the handout, or try again later.`;
  }
  if ((await records.countEmails({ recipient: who.recipient, since: dayAgo })) >= limits.perRecipientPerDay) {
    return `This address has been sent ${limits.perRecipientPerDay} emails in the last day, the most allowed. Print the handout instead.`;
  }
  return null;
}

export interface EmailRequest {
  staff: string;
  to: string;
  edition: EditionRef;
  texts: EmailTexts;
  pdf: Uint8Array;
  patientRef: string | null;
  /** The patient asked for email and was told email may not be encrypted. */
  patientConfirmed: boolean;
}

// Count, send and record run one at a time per records: otherwise a burst of sends all pass the limit check.
const sending = new WeakMap<Records, Promise<unknown>>();

export function emailEdition(records: Records, settings: MailSettings, request: EmailRequest): Promise<Delivery> {
  const previous = sending.get(records) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => sendAndRecord(records, settings, request));
  sending.set(records, next);
  return next;
}

async function sendAndRecord(records: Records, settings: MailSettings, request: EmailRequest): Promise<Delivery> {
  if (!request.patientConfirmed) throw new MailError('confirmation', 'Confirm that the patient asked for email and was told email may not be encrypted');
  if (!validRecipient(request.to)) throw new MailError('recipient', INVALID_ADDRESS);
  const limit = await sendLimitReached(records, settings.config.limits, { staff: request.staff, recipient: request.to });
  if (limit) throw new MailError('limit', limit);
  const { messageId } = await sendEditionEmail(settings, { to: request.to, language: request.edition.language, texts: request.texts, pdf: request.pdf });
  return records.recordDelivery({
    staff: request.staff,
    edition: request.edition,
    channel: 'email',
    recipient: request.to,
    patientRef: request.patientRef,
    messageId,
    patientConfirmed: true,
  });
}
