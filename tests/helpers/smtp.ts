import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  port: number;
  received: ParsedMail[];
  close(): Promise<void>;
}

/** An SMTP server on 127.0.0.1 in this process, keeping each message it accepts, parsed (plain SMTP: the mail config's local-testing switch). */
export async function testSmtp(): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The `mail:` section for a test SMTP server. */
export function mailConfig(port: number, limits = { perStaffPerHour: 1000, perRecipientPerDay: 3 }): string {
  return [
    'mail:',
    '  host: 127.0.0.1',
    `  port: ${port}`,
    '  from: { address: handouts@riverside-neuro.example.org, name: Riverside Neurology Clinic }',
    '  allowInsecureForLocalTesting: true',
    `  limits: { perStaffPerHour: ${limits.perStaffPerHour}, perRecipientPerDay: ${limits.perRecipientPerDay} }`,
    '',
  ].join('\n');
}
