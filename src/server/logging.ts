import { Writable } from 'node:stream';
import type { FastifyServerOptions } from 'fastify';

/** Query parameters logged as they are; any other's value is replaced, so an address typed into a URL never reaches the log. */
const LOGGED_QUERY = new Set(['q', 'topic', 'language', 'level', 'format', 'paper', 'clinic']);

/** Anything shaped like an email address, wherever it appears in a log line (an error message quoting the recipient…). */
const EMAIL_ADDRESS = /[^\s"'<>()[\]{},;:\\]+@[^\s"'<>()[\]{},;:\\]+\.[^\s"'<>()[\]{},;:\\]+/g;

/**
 * Fastify's pino logger, as JSON lines: request bodies are never logged, the
 * form fields that hold patient data are redacted should anything log them,
 * query strings keep only known harmless parameters, and a last filter
 * replaces every email address in the line.
 */
export function logOptions(options: { logStream?: Writable; logLevel?: string }): FastifyServerOptions['logger'] {
  const destination = options.logStream ?? process.stdout;
  return {
    level: options.logLevel ?? 'info',
    redact: {
      paths: ['req.body', 'body', 'to', 'email', 'recipient', 'patientRef', '*.to', '*.email', '*.recipient', '*.patientRef', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    serializers: {
      req: (request: { method: string; url: string; ip?: string }) => ({ method: request.method, url: safeUrl(request.url), remoteAddress: request.ip }),
    },
    stream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        destination.write(chunk.toString('utf8').replace(EMAIL_ADDRESS, '[email]'), done);
      },
    }),
  };
}

export function safeUrl(url: string): string {
  const question = url.indexOf('?');
  if (question < 0) return url;
  const params = new URLSearchParams(url.slice(question + 1));
  for (const key of [...params.keys()]) if (!LOGGED_QUERY.has(key)) params.set(key, '[redacted]');
  return `${url.slice(0, question)}?${params.toString()}`;
}
