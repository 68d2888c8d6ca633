import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, editionPath } from '../src/index.ts';
import { checkTranslation } from '../src/i18n/checks.ts';
import { normalizeForSearch, readPdf } from './helpers/pdf.ts';
import { tempProject, topic } from './helpers/project.ts';

const messagesOf = (files: { messages: { ruleId?: string | null | undefined; line?: number | null | undefined; reason: string }[] }[]) => files.flatMap((file) => file.messages);

describe('clinic placeholders in topics', () => {
  it('print the clinic’s phone and address where the topic puts them, in PDF and HTML', async () => {
    const project = await tempProject({ 'content/call.md': topic('## Help\n\nCall us at {{clinic.phone}} or visit {{ clinic.address }}.\n', { levels: '[plain]' }) });
    const result = await build(project, { languages: ['en'], formats: ['handout', 'html'] }, { jobs: 0 });
    expect(result.editions.map((edition) => edition.error ?? 'ok')).toEqual(['ok', 'ok']);
    for (const edition of result.editions) {
      const file = path.join(project.outputDir, editionPath(edition.spec));
      const text = edition.spec.format === 'html' ? await readFile(file, 'utf8') : (await readPdf(await readFile(file))).pages.map((page) => page.text).join(' ');
      expect(normalizeForSearch(text), edition.spec.format).toContain(normalizeForSearch('Call us at (555) 010-0199 or visit 200 River Road, Springfield.'));
      expect(text).not.toContain('{{');
    }
  });

  it('refuse an unknown placeholder at its line, and leave other {{…}} text as it is', async () => {
    const project = await tempProject({ 'content/fax.md': topic('## Help\n\nSend a fax to {{clinic.fax}}.\n\nWrite {{name}} here.\n', { levels: '[plain]' }) });
    const result = await build(project, { languages: ['en'], formats: ['handout'] }, { jobs: 0 });
    const problem = messagesOf(result.files).find((message) => message.ruleId === 'unknown-placeholder');
    expect(problem?.reason).toContain('{{clinic.fax}}');
    expect(problem?.line).toBe(11);
    expect(messagesOf(result.files).filter((message) => message.ruleId === 'unknown-placeholder')).toHaveLength(1);
  });

  it('fail the editions of a clinic without the detail the topic asks for, naming it and the line', async () => {
    const project = await tempProject({ 'content/web.md': topic('## Help\n\nRead more at {{clinic.website}}.\n', { levels: '[plain]' }) });
    const result = await build(project, { languages: ['en'], formats: ['handout'], clinic: 'lakeside' }, { jobs: 0 });
    expect(result.editions.map((edition) => edition.error ?? 'ok')).toEqual([expect.stringContaining('clinic lakeside has no website')]);
    const problem = messagesOf(result.files).find((message) => message.ruleId === 'clinic-placeholder');
    expect(problem?.reason).toContain('{{clinic.website}}');
    expect(problem?.line).toBe(11);
  });

  it('must survive translation: a translation that drops or adds one fails the placeholders check', () => {
    const check = (translation: string) => checkTranslation({ source: 'Call us at {{clinic.phone}} today.', translation, sourceLanguage: 'en', language: 'es', tags: [], glossary: [], terms: [] }).map((finding) => finding.ruleId);
    expect(check('Llámenos hoy al {{clinic.phone}}.')).toEqual([]);
    expect(check('Llámenos hoy.')).toEqual(['placeholders']);
    expect(check('Llámenos hoy al {{clinic.phone}} o {{clinic.address}}.')).toEqual(['placeholders']);
  });
});
