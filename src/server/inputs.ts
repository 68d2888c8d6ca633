import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { Project } from '../index.ts';
import type { Records } from '../records/index.ts';
import type { TopicCatalog } from './catalog.ts';
import type { EditionRequest, EditionStore } from './editions.ts';
import type { PageContext } from './pages.tsx';

export function editionRef(edition: EditionRequest, facts: { version: string; contentHash: string }) {
  const { topic, language, level, format, clinic, paper } = edition;
  return { topic, version: facts.version, language, level, format, clinic, paper, contentHash: facts.contentHash };
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((text) => (text === '' ? undefined : text))
    .optional();

/** Every input the app takes, checked against the project: unknown topics, languages, clinics… (and any path trick) are refused. */
export function inputSchemas(project: Project, catalog: TopicCatalog) {
  const oneOf = (values: string[]) => z.enum(values as [string, ...string[]]);
  const topic = oneOf([...catalog.topics.keys(), ...(catalog.topics.size === 0 ? ['-'] : [])]);
  const edition = z.object({
    topic,
    language: oneOf(Object.keys(project.config.languages)),
    level: oneOf(Object.keys(project.config.levels)),
    format: oneOf(catalog.formats),
    paper: z.enum(['letter', 'a4']),
    clinic: oneOf([...project.clinics.keys()]),
  });
  const filter = (values: string[]) => oneOf(values).or(z.literal('').transform(() => undefined)).optional();
  return {
    edition,
    topicParams: z.object({ topic }),
    search: z.object({
      q: z.string().max(200).optional(),
      language: filter(Object.keys(project.config.languages)),
      level: filter(Object.keys(project.config.levels)),
      format: filter(catalog.formats),
    }),
    history: z.object({ _csrf: z.string(), email: optionalText(254), patientRef: optionalText(200) }),
    /** A print or download: the edition, and the patient's reference if staff typed one. */
    delivery: edition.extend({ _csrf: z.string(), patientRef: optionalText(200) }),
  };
}

export type InputSchemas = ReturnType<typeof inputSchemas>;
export type PageTools = {
  project: Project;
  records: Records;
  store: EditionStore;
  t: TFunction;
  schemas: InputSchemas;
  html: (reply: FastifyReply, status: number, body: string) => FastifyReply;
  context: (request: FastifyRequest, reply: FastifyReply) => Promise<PageContext>;
  parse: <S extends z.ZodType>(schema: S, input: unknown, request: FastifyRequest, reply: FastifyReply) => Promise<z.infer<S> | null>;
  problem: (request: FastifyRequest, reply: FastifyReply, status: number, title: string, text: string) => Promise<FastifyReply>;
  editionRef: typeof editionRef;
};
