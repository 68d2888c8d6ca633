import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { emailEdition, MailError, mailSettings, type MailFailure } from '../mail/index.ts';
import type { PageTools } from './inputs.ts';
import type { EditionRequest } from './editions.ts';

/** Sends a minute per staff member, whatever the hourly limit: a stuck key or a script is stopped at once. */
const SENDS_PER_MINUTE = 10;

/** How each failure answers: the staff member's mistake, a limit, or the mail server. */
const STATUS: Record<MailFailure, number> = { recipient: 400, confirmation: 400, limit: 429, config: 500, unreachable: 502, tls: 502, auth: 502, refused: 502, failed: 502 };

type ShowEdition = (request: FastifyRequest, reply: FastifyReply, edition: EditionRequest, status: number, notice: { kind: 'problem' | 'done'; text: string }) => Promise<FastifyReply>;

/**
 * POST /email: one edition to one address the patient gave, once the staff
 * member confirms the patient asked for email and was told it may not be
 * encrypted. The mail module checks the address and the limits, sends, and
 * records the delivery only once the SMTP server accepted the message.
 * Without a `mail:` section there is no route, and no form.
 */
export async function emailRoutes(app: FastifyInstance, tools: PageTools & { editionPage: ShowEdition }): Promise<{ configured: boolean }> {
  const { project, records, store, t, schemas, parse } = tools;
  if (!project.config.mail) return { configured: false };
  // Read and checked at start: a wrong key file or credentials are told to whoever starts the server, not to a patient at the desk.
  const settings = await mailSettings(project.config.mail, { projectRoot: project.root });
  const form = schemas.edition.extend({ _csrf: z.string(), to: z.string().trim().max(254), confirm: z.literal('yes').optional() });
  app.post(
    '/email',
    { preHandler: app.csrfProtection, config: { rateLimit: { max: SENDS_PER_MINUTE, timeWindow: '1 minute', hook: 'preHandler', keyGenerator: (request: FastifyRequest) => request.staff ?? request.ip } } },
    async (request, reply) => {
      const input = await parse(form, request.body, request, reply);
      if (!input) return reply;
      const { to, confirm, _csrf, ...edition } = input;
      const staff = request.staff!;
      const { facts, bytes } = await store.file(edition);
      try {
        const delivery = await emailEdition(records, settings, { staff, to, edition: tools.editionRef(edition, facts), texts: facts.email, pdf: bytes, patientRef: null, patientConfirmed: confirm === 'yes' });
        request.log.info({ staff, channel: 'email', topic: edition.topic, language: edition.language, contentHash: facts.contentHash, messageId: delivery.messageId }, 'delivered');
        return tools.editionPage(request, reply, edition, 200, { kind: 'done', text: t('email.sentTo', { messageId: delivery.messageId }) });
      } catch (error) {
        if (!(error instanceof MailError)) throw error;
        request.log.warn({ staff, failure: error.reason }, 'email not sent');
        return tools.editionPage(request, reply, edition, STATUS[error.reason], { kind: 'problem', text: `${error.message} ${t('email.notRecorded')}` });
      }
    },
  );
  return { configured: true };
}
