import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { FitError, formatNamed, openProject, readManifest, RenderTimeLimitError, type Project } from '../index.ts';
import { openRecords, type Delivery, type Records } from '../records/index.ts';
import { TOOL_ROOT } from '../version.ts';
import { TopicCatalog } from './catalog.ts';
import { BusyError, EditionStore, NotForPatientsError, type EditionRequest } from './editions.ts';
import { staffStrings } from './i18n.ts';
import { logOptions } from './logging.ts';
import { editionPage, historyPage, messagePage, printPage, recallPage, refusedPage, searchPage, signInPage, topicPage, type Choices, type DeliveryRow, type EditionView, type PageContext } from './pages.tsx';
import { emailRoutes } from './email.ts';
import { editionRef, inputSchemas } from './inputs.ts';
import { cookieSecret, signIn, STAFF_NAME } from './staff.ts';

export interface FrontDeskOptions {
  /** The project folder (handout.config.yaml, content/, output/). */
  root: string;
  /** Cookies marked Secure (sent over HTTPS only): on unless the server listens on this machine alone. */
  secureCookies: boolean;
  /** PostgreSQL connection string; default DATABASE_URL, else the embedded database in var/. */
  databaseUrl?: string | null;
  /** Where the JSON log lines go (default standard output). */
  logStream?: Writable;
  logLevel?: string;
  /** Render workers and renders that may wait for one (see EditionStore). */
  workers?: number;
  queue?: number;
}

export interface FrontDesk {
  app: FastifyInstance;
  project: Project;
  records: Records;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, or null. */
    staff: string | null;
  }
}

const SESSION_COOKIE = 'handout_session';
const SIGN_INS_PER_MINUTE = 10;
const signInKey = (request: FastifyRequest) => `${request.ip}|${String((request.body as { name?: unknown } | undefined)?.name ?? '')}`;
/** Whom a CSRF token is for: the staff member, or before sign-in nobody (a name no staff member can have; the library refuses an empty one). */
const csrfUser = (staff: string | null) => staff ?? '-';
/** Pages anyone may load: the sign-in form and its styles and script. */
const PUBLIC = /^\/(sign-in|static\/[a-z-]+\.(css|js))$/;

/** The front desk web app over a project: read once, its records database opened. */
export async function createFrontDesk(options: FrontDeskOptions): Promise<FrontDesk> {
  const project = await openProject(options.root);
  const varDir = path.join(project.root, 'var');
  const catalog = await TopicCatalog.open(project);
  const store = new EditionStore(project, catalog, await readManifest(project), varDir, { workers: options.workers, queue: options.queue });
  const records = await openRecords({ databaseUrl: options.databaseUrl ?? process.env.DATABASE_URL ?? null, dataDir: varDir });
  const t = await staffStrings();
  const secret = await cookieSecret(varDir);
  const sessionMs = project.config.auth.sessionHours * 3600 * 1000;
  const trustedHeader = project.config.auth.trustedHeader?.toLowerCase();

  const app = Fastify({ logger: logOptions(options), bodyLimit: 16 * 1024, trustProxy: false });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        frameSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    hsts: options.secureCookies,
  });
  await app.register(fastifyCookie, { secret });
  const cookieOptions = { httpOnly: true, sameSite: 'strict', secure: options.secureCookies, path: '/' } as const;
  await app.register(fastifyCsrf, {
    cookieKey: 'handout_csrf',
    cookieOpts: { ...cookieOptions, signed: true },
    // A token is made for one staff member: another's session cannot use it.
    getUserInfo: (request) => csrfUser(request.staff),
    csrfOpts: { userInfo: true, hmacKey: secret },
  });
  await app.register(fastifyFormbody);
  await app.register(fastifyRateLimit, { global: false });
  app.decorateRequest('staff', null);

  const choices: Choices = {
    languages: Object.entries(project.config.languages).map(([id, { name }]) => ({ id, name })),
    levels: Object.keys(project.config.levels),
    formats: catalog.formats,
    clinics: [...project.clinics.values()].map(({ id, name }) => ({ id, name })),
    paper: project.config.paper,
  };
  const schemas = inputSchemas(project, catalog);
  const context = async (request: FastifyRequest, reply: FastifyReply): Promise<PageContext> => ({ t, staff: request.staff, csrf: await reply.generateCsrf({ userInfo: csrfUser(request.staff) }) });
  const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  const problem = async (request: FastifyRequest, reply: FastifyReply, status: number, title: string, text: string) => html(reply, status, messagePage(await context(request, reply), title, text));
  /** Parses input with a schema, or answers 400 naming the fields (never their values, which may be patient data). */
  const parse = async <S extends z.ZodType>(schema: S, input: unknown, request: FastifyRequest, reply: FastifyReply): Promise<z.infer<S> | null> => {
    const parsed = schema.safeParse(input);
    if (parsed.success) return parsed.data;
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || 'form'))].join(', ');
    await problem(request, reply, 400, t('error.invalid'), t('error.invalidText', { fields }));
    return null;
  };

  app.addHook('onRequest', async (request, reply) => {
    request.staff = await staffOf(request);
    if (request.staff || PUBLIC.test(request.url.split('?')[0]!)) return;
    if (request.method === 'GET') return reply.redirect('/sign-in', 303);
    return problem(request, reply, 401, t('error.forbidden'), t('error.forbiddenText'));
  });
  async function staffOf(request: FastifyRequest): Promise<string | null> {
    if (trustedHeader) {
      const name = request.headers[trustedHeader];
      if (typeof name === 'string' && STAFF_NAME.test(name)) return name;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    return cookie ? records.sessionStaff(cookie) : null;
  }

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error.code?.startsWith('FST_CSRF')) return problem(request, reply, 403, t('error.forbidden'), t('error.forbiddenText'));
    if (error instanceof BusyError) {
      reply.header('retry-after', String(error.retryAfterSeconds));
      return problem(request, reply, 503, t('error.busy'), t('error.busyText'));
    }
    if (error instanceof NotForPatientsError) return html(reply, 409, refusedPage(await context(request, reply), error.reasons, topicOf(request)));
    // The format cannot hold this edition, or rendering it takes too long: the edition's problem, told as a build tells it.
    if (error instanceof FitError || error instanceof RenderTimeLimitError) return html(reply, 409, refusedPage(await context(request, reply), [error.message], topicOf(request)));
    if (error.statusCode === 429) return problem(request, reply, 429, t('error.tooMany'), t('error.tooManyText'));
    if (error.statusCode && error.statusCode < 500) return problem(request, reply, error.statusCode, t('error.invalid'), t('error.invalidText', { fields: 'form' }));
    request.log.error({ err: { type: error.name, code: error.code, stack: error.stack } }, 'request failed');
    return problem(request, reply, 500, t('error.failed'), t('error.failedText'));
  });
  /** The topic a refused request was about, for the link back to its page. */
  const topicOf = (request: FastifyRequest) => {
    const topic = schemas.topicParams.safeParse({ topic: (request.query as { topic?: unknown } | undefined)?.topic ?? (request.body as { topic?: unknown } | undefined)?.topic });
    return topic.success ? topic.data.topic : null;
  };
  app.setNotFoundHandler(async (request, reply) => problem(request, reply, 404, t('error.notFound'), t('error.notFoundText')));

  const staticFiles = new Map<string, { type: string; bytes: Buffer }>();
  for (const [name, type] of [
    ['frontdesk.css', 'text/css; charset=utf-8'],
    ['frontdesk.js', 'text/javascript; charset=utf-8'],
  ] as const) {
    staticFiles.set(name, { type, bytes: await readFile(path.join(TOOL_ROOT, 'src', 'server', 'static', name)) });
  }
  app.get('/static/:name', async (request, reply) => {
    const file = staticFiles.get((request.params as { name: string }).name);
    if (!file) return problem(request, reply, 404, t('error.notFound'), t('error.notFoundText'));
    return reply.type(file.type).header('cache-control', 'max-age=3600').send(file.bytes);
  });

  // Sign-in, a few tries a minute per user name and address: argon2 makes guessing slow, the limit makes it slower.
  app.get('/sign-in', async (request, reply) => html(reply, 200, signInPage(await context(request, reply), null)));
  app.post('/sign-in', { preHandler: app.csrfProtection, config: { rateLimit: { max: SIGN_INS_PER_MINUTE, timeWindow: '1 minute', hook: 'preHandler', keyGenerator: signInKey } } }, async (request, reply) => {
    const form = z.object({ name: z.string().trim().max(128), password: z.string().max(1024) }).safeParse(request.body);
    const staff = form.success ? await signIn(project, records, form.data.name, form.data.password) : null;
    if (!staff) return html(reply, 401, signInPage(await context(request, reply), t('signIn.failed')));
    reply.setCookie(SESSION_COOKIE, await records.createSession(staff, sessionMs), { ...cookieOptions, maxAge: sessionMs / 1000 });
    request.log.info({ staff }, 'signed in');
    return reply.redirect('/search', 303);
  });
  app.post('/sign-out', { preHandler: app.csrfProtection }, async (request, reply) => {
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) await records.endSession(cookie);
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.redirect('/sign-in', 303);
  });

  app.get('/', async (_request, reply) => reply.redirect('/search', 303));
  app.get('/search', async (request, reply) => {
    const query = await parse(schemas.search, request.query, request, reply);
    if (!query) return reply;
    const searched = query.q !== undefined || query.language || query.level || query.format;
    const hits = searched ? catalog.search({ text: query.q ?? '', language: query.language, level: query.level, format: query.format }) : null;
    return html(reply, 200, searchPage(await context(request, reply), { ...query, q: query.q ?? '' }, hits, choices, catalog.unreadable));
  });

  app.get('/topics/:topic', async (request, reply) => {
    const params = await parse(schemas.topicParams, request.params, request, reply);
    if (!params) return reply;
    return html(reply, 200, topicPage(await context(request, reply), catalog.topics.get(params.topic)!, choices));
  });

  const editionOf = async (input: unknown, request: FastifyRequest, reply: FastifyReply) => parse(schemas.edition, input, request, reply);
  const showEdition = async (request: FastifyRequest, reply: FastifyReply, edition: EditionRequest, status: number, notice: EditionView['notice']) => {
    const facts = await store.describe(edition);
    const isPdf = formatNamed(edition.format).extension === 'pdf';
    const view = { request: edition, facts, edition: catalog.edition(edition.topic, edition.language, edition.level)!, isPdf, canEmail: mail.configured, notice };
    return html(reply, status, editionPage(await context(request, reply), view, choices));
  };
  app.get('/edition', async (request, reply) => {
    const edition = await editionOf(request.query, request, reply);
    if (!edition) return reply;
    return showEdition(request, reply, edition, 200, null);
  });
  app.get('/edition/file', async (request, reply) => {
    const edition = await editionOf(request.query, request, reply);
    if (!edition) return reply;
    return sendEdition(reply, await store.file(edition), 'inline');
  });
  app.get('/edition/preview.png', async (request, reply) => {
    const edition = await editionOf(request.query, request, reply);
    if (!edition) return reply;
    return reply.type('image/png').header('cache-control', 'private, max-age=300').send(await store.preview(edition));
  });

  const deliver = async (request: FastifyRequest, reply: FastifyReply, channel: 'print' | 'download') => {
    const form = await parse(schemas.delivery, request.body, request, reply);
    if (!form) return null;
    const { patientRef, ...edition } = form;
    const facts = await store.describe(edition);
    await records.recordDelivery({ staff: request.staff!, edition: editionRef(edition, facts), channel, recipient: null, patientRef: patientRef ?? null, messageId: null, patientConfirmed: true });
    request.log.info({ staff: request.staff, channel, topic: edition.topic, language: edition.language, contentHash: facts.contentHash }, 'delivered');
    return { edition, facts };
  };
  app.post('/print', { preHandler: app.csrfProtection }, async (request, reply) => {
    const delivered = await deliver(request, reply, 'print');
    if (!delivered) return reply;
    return html(reply, 200, printPage(await context(request, reply), delivered.edition, delivered.facts.fileName));
  });
  app.post('/download', { preHandler: app.csrfProtection }, async (request, reply) => {
    const delivered = await deliver(request, reply, 'download');
    if (!delivered) return reply;
    return sendEdition(reply, await store.file(delivered.edition), 'attachment');
  });

  const mail = await emailRoutes(app, { project, records, store, t, schemas, html, context, parse, problem, editionRef, editionPage: showEdition });

  app.get('/history', async (request, reply) => html(reply, 200, historyPage(await context(request, reply), null)));
  // A form posted, not a query string: addresses and patient references stay out of URLs, browser history and proxy logs.
  app.post('/history', { preHandler: app.csrfProtection }, async (request, reply) => {
    const form = await parse(schemas.history, request.body, request, reply);
    if (!form) return reply;
    if (!form.email && !form.patientRef) return html(reply, 200, historyPage(await context(request, reply), null));
    const deliveries = await records.deliveriesFor({ ...(form.email ? { recipient: form.email } : {}), ...(form.patientRef ? { patientRef: form.patientRef } : {}) });
    return html(reply, 200, historyPage(await context(request, reply), deliveries.map(row)));
  });

  app.get('/topics/:topic/recall', async (request, reply) => {
    const params = await parse(schemas.topicParams, request.params, request, reply);
    if (!params) return reply;
    const topic = catalog.topics.get(params.topic)!;
    const title = topic.editions.find((edition) => edition.language === topic.sourceLanguage)!.title;
    return html(reply, 200, recallPage(await context(request, reply), topic, title, (await records.recall(topic.id, topic.version)).map(row)));
  });
  app.get('/topics/:topic/recall.csv', async (request, reply) => {
    const params = await parse(schemas.topicParams, request.params, request, reply);
    if (!params) return reply;
    const topic = catalog.topics.get(params.topic)!;
    return reply
      .type('text/csv; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="recall-${topic.id}-${topic.version}.csv"`)
      .send(await records.recallCsv(topic.id, topic.version));
  });

  return {
    app,
    project,
    records,
    async close() {
      await app.close();
      await store.close();
      await records.close();
    },
  };
}

function sendEdition(reply: FastifyReply, file: { facts: { contentType: string; fileName: string; spec: { format: string } }; bytes: Buffer; sha256: string }, disposition: 'inline' | 'attachment') {
  reply.type(file.facts.contentType).header('content-disposition', `${disposition}; filename="${file.facts.fileName}"`).header('etag', `"${file.sha256}"`).header('cache-control', 'private, no-cache');
  // The web page edition is the project's own self-contained page: its styles are inline, and it runs no script.
  if (formatNamed(file.facts.spec.format).extension === 'html') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'");
  return reply.send(file.bytes);
}

function row(delivery: Delivery): DeliveryRow {
  const { edition } = delivery;
  return {
    at: delivery.at,
    staff: delivery.staff,
    topic: edition.topic,
    version: edition.version,
    edition: `${edition.language} ${edition.level} ${edition.format} ${edition.paper} ${edition.clinic}`,
    channel: delivery.channel,
    recipient: delivery.recipient,
    patientRef: delivery.patientRef,
  };
}

