import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syllable } from 'syllable';
import { parseDocument } from 'yaml';
import { catalogPaths } from '../src/i18n/catalog.ts';
import { check, ConfigError, openProject, prepareEdition, type Project } from '../src/index.ts';
import { selectLevel } from '../src/levels/index.ts';
import { unexpandedAbbreviations } from '../src/readability/abbreviations.ts';
import { countText, smogGrade } from '../src/readability/index.ts';
import { readTopic } from '../src/reader/index.ts';
import { tempProject, topic } from './helpers/project.ts';

const SPOKEN = { MVD: 'microvascular decompression', MRI: 'M R I', WHO: 'W H O' };

describe('readability counts abbreviations as they are said', () => {
  it('counts an abbreviation as one word with the syllables of its spoken form', () => {
    // "microvascular decompression": 5 + 4 syllables; "M R I": three letters, one syllable each.
    expect(countText(['You may need an MVD.'], 'en', syllable, SPOKEN)).toEqual({ words: 5, sentences: 1, syllables: 4 + 9, polysyllables: 1 });
    expect(countText(['You may need an MRI.'], 'en', syllable, SPOKEN)).toEqual({ words: 5, sentences: 1, syllables: 4 + 3, polysyllables: 1 });
    // W is said "double-u".
    expect(countText(['Ask the WHO.'], 'en', syllable, SPOKEN)).toMatchObject({ syllables: 2 + 5, polysyllables: 1 });
    // Without the list, each reads as one syllable, as before.
    expect(countText(['You may need an MVD.'], 'en', syllable)).toMatchObject({ syllables: 5, polysyllables: 0 });
    // Only the written form, in its case, is an abbreviation.
    expect(countText(['Mvd and mri.'], 'en', syllable, SPOKEN)).toMatchObject({ polysyllables: 0 });
  });

  it('raises SMOG by the abbreviations read in full (McLaughlin: abbreviations are read unabbreviated)', () => {
    // 30 sentences, 9 of them with one abbreviation: 9 polysyllables, grade 1.0430·√9 + 3.1291.
    const sentences = [...Array.from({ length: 9 }, () => 'We will do the MVD.'), ...Array.from({ length: 21 }, () => 'It is a good day.')];
    expect(smogGrade(countText(sentences, 'en', syllable, SPOKEN))).toBeCloseTo(1.043 * 3 + 3.1291, 4);
    expect(smogGrade(countText(sentences, 'en', syllable))).toBeCloseTo(3.1291, 4);
  });
});

describe('abbreviation-unexpanded', () => {
  async function findings(body: string, spoken: Record<string, string> = SPOKEN, frontMatter: Record<string, string> = {}) {
    const project = await tempProject({ 'content/t.md': topic(body, { levels: '[plain]', ...frontMatter }) });
    const { file, document } = await readTopic(project, 't');
    expect(file.messages).toEqual([]);
    return unexpandedAbbreviations(selectLevel(document!, 'plain'), spoken, String(file.value));
  }

  it('fires at the first use of an abbreviation said as words, at its line and column', async () => {
    // Lines: front matter 1–8, heading 9, blank 10, paragraph 11–12.
    expect(await findings('## Care\n\nSurgery helps.\nYou may need an MVD. Ask about the MVD.\n')).toEqual([
      { abbreviation: 'MVD', spoken: 'microvascular decompression', position: { line: 12, column: 17 } },
    ]);
    // In the title, the first thing read.
    expect(await findings('Text.\n', SPOKEN, { title: 'After an MVD' })).toEqual([{ abbreviation: 'MVD', spoken: 'microvascular decompression', position: { line: 2, column: 17 } }]);
  });

  it('fires where the expansion is in another sentence', async () => {
    const found = await findings('The operation is microvascular decompression. It is called MVD.\n');
    expect(found.map((finding) => finding.abbreviation)).toEqual(['MVD']);
  });

  it('does not fire when the first use is expanded in its sentence, however written', async () => {
    expect(await findings('You may need a microvascular decompression (MVD). The MVD takes hours.\n')).toEqual([]);
    expect(await findings('You may need an MVD (microvascular\ndecompression). Later, another MVD.\n')).toEqual([]);
    expect(await findings('- An operation called *Microvascular Decompression*, or MVD, can help.\n- The MVD takes hours.\n')).toEqual([]);
  });

  it('does not fire for abbreviations said letter by letter, nor for words that only contain one', async () => {
    expect(await findings('You will have an MRI scan. An MVDX is not an MVD (microvascular decompression).\n')).toEqual([]);
  });
});

describe('handout check gives the rule the severity of each level', () => {
  async function project(checks: Record<string, Record<string, string>>): Promise<Project> {
    const created = await tempProject({ 'content/t.md': topic('## Care\n\nYou may need an MVD.\n') });
    const configPath = path.join(created.root, 'handout.config.yaml');
    const config = parseDocument(await readFile(configPath, 'utf8'));
    config.set('abbreviations', SPOKEN);
    for (const level of ['plain', 'detailed']) {
      if (checks[level]) config.setIn(['levels', level, 'checks'], checks[level]);
      else config.deleteIn(['levels', level, 'checks']);
    }
    await writeFile(configPath, config.toString());
    return openProject(created.root);
  }
  const findingsOf = async (checked: Project) => {
    const result = await check(checked, { languages: ['en'] });
    const messages = result.files.flatMap((file) => file.messages).filter((message) => message.ruleId === 'abbreviation-unexpanded');
    return {
      messages: messages.map((message) => `${message.line}:${message.column} ${message.fatal ? 'error' : 'warning'} ${message.reason}`),
      // The one sentence also misses the plain SMOG target: only this rule's failures count here.
      failed: result.editions.filter((edition) => edition.error?.includes('is not expanded')).map((edition) => edition.spec.level),
    };
  };

  it('an error in a level set to error, a warning in one set to warning', async () => {
    const { messages, failed } = await findingsOf(await project({ plain: { 'abbreviation-unexpanded': 'error' }, detailed: { 'abbreviation-unexpanded': 'warning' } }));
    expect(messages).toEqual([
      '11:17 error MVD is not expanded at its first use in the plain level: say "microvascular decompression" in the same sentence, as in "microvascular decompression (MVD)"',
      '11:17 warning MVD is not expanded at its first use in the detailed level: say "microvascular decompression" in the same sentence, as in "microvascular decompression (MVD)"',
    ]);
    expect(failed).toEqual(['plain']);
  });

  it('nothing in a level set to off; unset, an error in the plainest level and a warning in the others', async () => {
    expect(await findingsOf(await project({ plain: { 'abbreviation-unexpanded': 'off' }, detailed: { 'abbreviation-unexpanded': 'off' } }))).toEqual({ messages: [], failed: [] });
    const unset = await findingsOf(await project({}));
    expect(unset.messages.map((message) => message.split(' ').slice(0, 2).join(' '))).toEqual(['11:17 error', '11:17 warning']);
    expect(unset.failed).toEqual(['plain']);
  });

  it('measures source-language editions with the spoken forms, as the manifest records them; translations as written', async () => {
    const checked = await project({});
    const spec = { topic: 't', language: 'en', level: 'plain', format: 'handout', paper: 'letter', clinic: null } as const;
    const { prepared } = await prepareEdition(checked, spec);
    // "You may need an MVD.": 4 one-syllable words and MVD said in nine.
    expect(prepared?.readability).toMatchObject({ measured: true, counts: { words: 5, sentences: 1, syllables: 13, polysyllables: 1 } });
    const catalog = catalogPaths(checked, 'es', 't');
    await mkdir(path.dirname(catalog.jsonPath), { recursive: true });
    await writeFile(catalog.jsonPath, JSON.stringify({ title: 'Tema', summary: 'Resumen.', 'care.h1': 'Cuidados', 'care.p1': 'Puede necesitar una MVD.' }));
    const spanish = await prepareEdition(checked, { ...spec, language: 'es' }, { draft: true });
    expect(spanish.prepared?.readability).toMatchObject({ measured: true, counts: { words: 4, polysyllables: 1 } });
    expect(spanish.prepared?.styleFindings).toEqual([]);
  });

  it('refuses an abbreviation that is not one word, and an unknown severity, on their lines', async () => {
    const created = await tempProject();
    const configPath = path.join(created.root, 'handout.config.yaml');
    const config = parseDocument(await readFile(configPath, 'utf8'));
    config.set('abbreviations', { 'e.g.': 'for example' });
    config.setIn(['levels', 'plain', 'checks'], { 'abbreviation-unexpanded': 'fatal' });
    await writeFile(configPath, config.toString());
    const error = await openProject(created.root).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const lines = config.toString().split('\n');
    const messages = (error as ConfigError).file.messages.map((message) => [lines[(message.line ?? 0) - 1]?.trim(), message.ruleId]);
    expect(messages).toContainEqual(['e.g.: for example', 'config-schema']);
    expect(messages).toContainEqual(['abbreviation-unexpanded: fatal', 'config-schema']);
  });
});
