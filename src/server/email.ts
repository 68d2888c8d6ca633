import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { emailTexts, MailError, sendEditionEmail, validRecipient } from '../mail/index.ts';
import type { PageTools } from './app.ts';
import type { EditionRequest } from './editions.ts';

/** Sends a minute per staff member, whatever the hourly limit: a stuck key or a script is stopped at once. */
const SENDS_PER_MINUTE = 10;

/**
 * POST /email: one edition to one address the patient gave, after the staff
 * member confirms the patient asked for email and was told it may not be
 * encrypted. Recorded only once the SMTP server accepted the message.
 */
export async function emailRoutes(app: FastifyInstance, tools: PageTools & { editionPage: (request: FastifyRequest, reply: FastifyReply, edition: EditionRequest, status: number, notice: { kind: 'problem' | 'done'; text: string }) => Promise<FastifyReply> }) {
  const { project, records, store, t, schemas, parse } = tools;
  const mail = project.config.mail;
  const form = schemas.edition.extend({ _csrf: z.string(), to: z.string().trim().max(254), confirm: z.literal('yes').optional() });
  app.post(
    '/email',
    { preHandler: app.csrfProtection, config: { rateLimit: { max: SENDS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => request.staff ?? request.ip } } },
    async (request, reply) => {
      const input = await parse(form, request.body, request, reply);
      if (!input) return reply;
      const { to, confirm, _csrf, ...edition } = input;
      const refuse = (status: number, text: string) => tools.editionPage(request, reply, edition, status, { kind: 'problem', text: `${text} ${t('email.notRecorded')}` });
      if (!mail) return refuse(409, t('email.notConfigured'));
      if (!validRecipient(to)) return refuse(400, t('email.invalidAddress'));
      if (!confirm) return refuse(400, t('email.confirmNeeded'));
      const staff = request.staff!;
      const now = Date.now();
      const sentByStaff = await records.countEmails({ staff, since: new Date(now - HOUR_MS) });
      if (sentByStaff >= mail.limits.perStaffPerHour) return refuse(429, t('email.staffLimit', { count: sentByStaff }));
      const sentToRecipient = await records.countEmails({ recipient: to, since: new Date(now - DAY_MS) });
      if (sentToRecipient >= mail.limits.perRecipientPerDay) return refuse(429, t('email.recipientLimit', { count: sentToRecipient }));
      const file = await store.file(edition);
      const { facts } = file;
      const texts = await emailTexts(project, { language: edition.language, clinicName: facts.clinicName, onlineUrl: facts.onlineUrl });
      let messageId: string;
      try {
        ({ messageId } = await sendEditionEmail(mail, { to, clinicName: facts.clinicName, language: edition.language, ...texts, onlineUrl: facts.onlineUrl, pdf: { filename: facts.fileName, bytes: file.bytes } }));
      } catch (error) {
        if (!(error instanceof MailError)) throw error;
        // The message only: the SMTP server's reply may quote the address, which the log filter would blank anyway.
        request.log.warn({ staff, failure: error.name }, 'email not sent');
        return refuse(502, `${t('email.failed')}: ${error.message}`);
      }
      await records.recordDelivery({ staff, edition: tools.editionRef(edition, facts), channel: 'email', recipient: to, patientRef: null, messageId, patientConfirmed: true });
      request.log.info({ staff, channel: 'email', topic: edition.topic, language: edition.language, contentHash: facts.contentHash, messageId }, 'delivered');
      return tools.editionPage(request, reply, edition, 200, { kind: 'done', text: t('email.sentTo', { messageId }) });
    },
  );
  return { configured: mail !== undefined };
}

const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;
