import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { build, check, editionPath, openProject, type Project } from '../src/index.ts';
import { selectLevel } from '../src/levels/index.ts';
import { styleFindings } from '../src/readability/style.ts';
import { readTopic } from '../src/reader/index.ts';
import { tempProject, topic } from './helpers/project.ts';
import { readPdf } from './helpers/pdf.ts';
import { handout } from './helpers/cli.ts';

const SUMMARY = ':::summary\n- Call us if the spasms come back.\n:::\n\n';

/** A project with one plain-level topic, its config changed by `configure`. */
async function projectWith(body: string, configure: (config: ReturnType<typeof parseDocument>) => void = () => {}): Promise<Project> {
  const created = await tempProject({ 'content/t.md': topic(body, { levels: '[plain]' }) });
  const configPath = path.join(created.root, 'handout.config.yaml');
  const config = parseDocument(await readFile(configPath, 'utf8'));
  configure(config);
  await writeFile(configPath, config.toString());
  return openProject(created.root);
}

/** `line ruleId severity` of each health-literacy message of `handout check` on the English edition. */
async function findings(project: Project, rule?: string): Promise<string[]> {
  const result = await check(project, { languages: ['en'] });
  return result.files
    .flatMap((file) => file.messages)
    .filter((message) => (rule ? message.ruleId === rule : message.ruleId !== 'readability-target'))
    .map((message) => `${message.line} ${message.ruleId} ${message.fatal ? 'error' : 'warning'}`);
}

describe('health-literacy rules in handout check', () => {
  it('summary-missing: a plain level must start with a :::summary box', async () => {
    expect(await findings(await projectWith('## Care\n\nRest today.\n'), 'summary-missing')).toEqual(['9 summary-missing error']);
    expect(await findings(await projectWith(`${SUMMARY}## Care\n\nRest today.\n`), 'summary-missing')).toEqual([]);
  });

  it('sentence-long: more than 20 words in a sentence', async () => {
    const long = 'You should rest at home for a few days and then come back to see us so that we can look at your face again.';
    expect(await findings(await projectWith(`${SUMMARY}## Care\n\n${long}\n`), 'sentence-long')).toEqual(['15 sentence-long warning']);
    expect(await findings(await projectWith(`${SUMMARY}## Care\n\nRest at home for a few days. Then come back to see us.\n`), 'sentence-long')).toEqual([]);
  });

  it('passive-voice and simpler-word: retext-passive and retext-simplify on the source text', async () => {
    const project = await projectWith(`${SUMMARY}## Care\n\nThe vessel was found by the surgeon.\n\nWe will utilize a pad.\n`);
    expect(await findings(project, 'passive-voice')).toEqual(['15 passive-voice warning']);
    expect(await findings(project, 'simpler-word')).toEqual(['17 simpler-word warning']);
    expect(await findings(await projectWith(`${SUMMARY}## Care\n\nThe surgeon found the vessel.\n\nWe will use a pad.\n`))).toEqual([]);
  });

  it('term-unexplained: a term of the project list is explained where first used', async () => {
    const explain = (config: ReturnType<typeof parseDocument>) => config.set('explainTerms', ['biofeedback']);
    expect(await findings(await projectWith(`${SUMMARY}## Care\n\nTry biofeedback and rest.\n`, explain), 'term-unexplained')).toEqual(['15 term-unexplained error']);
    expect(await findings(await projectWith(`${SUMMARY}## Care\n\nTry biofeedback: a screen shows how tense your face is.\n`, explain), 'term-unexplained')).toEqual([]);
  });

  it('heading-interval: at most 200 words without a heading', async () => {
    const paragraph = 'Rest at home today. Drink water often. Sleep well at night. Walk a little each day. '.repeat(5);
    const body = `${SUMMARY}## Care\n\n${paragraph}\n\n${paragraph}\n\n${paragraph}\n`;
    expect(await findings(await projectWith(body), 'heading-interval')).toEqual(['15 heading-interval warning']);
    expect(await findings(await projectWith(`${SUMMARY}## Care\n\n${paragraph}\n\n## More care\n\n${paragraph}\n\n## Still more\n\n${paragraph}\n`), 'heading-interval')).toEqual([]);
  });

  it('actions-as-list: three things to do in one paragraph', async () => {
    expect(await findings(await projectWith(`${SUMMARY}## Care\n\nTake your pills. Drink water. Call us in a week.\n`), 'actions-as-list')).toEqual(['15 actions-as-list warning']);
    expect(await findings(await projectWith(`${SUMMARY}## Care\n\n- Take your pills.\n- Drink water.\n- Call us in a week.\n`), 'actions-as-list')).toEqual([]);
  });

  it('warning-whom-to-call: a warning box needs the clinic’s phone or a number in its title', async () => {
    const noPhone = (config: ReturnType<typeof parseDocument>) => config.deleteIn(['clinics', 'riverside', 'phone']);
    const body = (title: string) => `${SUMMARY}## Help\n\n:::warning[${title}]\n- A fever\n:::\n`;
    expect(await findings(await projectWith(body('Get help if you have'), noPhone), 'warning-whom-to-call')).toEqual(['15 warning-whom-to-call error']);
    expect(await findings(await projectWith(body('Call 911 if you have'), noPhone), 'warning-whom-to-call')).toEqual([]);
    expect(await findings(await projectWith(body('Get help if you have')), 'warning-whom-to-call')).toEqual([]);
  });

  it('reads English prose only: a source text in another language gets the structure rules, not retext’s', async () => {
    const project = await projectWith(`${SUMMARY}## Care\n\nThe vessel was found by the surgeon. Take your pills. Drink water. Call us in a week.\n`);
    const { file, document } = await readTopic(project, 't');
    const level = selectLevel(document!, 'plain');
    const rules = (language: string) => styleFindings({ ...level, language }, { sourceText: String(file.value), explainTerms: [], clinicHasPhone: true }).map((finding) => finding.ruleId);
    expect(rules('en')).toEqual(['passive-voice', 'actions-as-list']);
    expect(rules('es')).toEqual([]);
  });

  it('takes each rule’s severity in a level from the config, and off skips it', async () => {
    const strict = (config: ReturnType<typeof parseDocument>) => config.setIn(['levels', 'plain', 'checks'], { 'passive-voice': 'error', 'summary-missing': 'off' });
    const project = await projectWith('## Care\n\nThe vessel was found by the surgeon.\n', strict);
    expect(await findings(project)).toEqual(['11 passive-voice error']);
    const result = await check(project, { languages: ['en'] });
    expect(result.editions.map((edition) => edition.error ?? 'ready')).toEqual([expect.stringContaining('passive voice')]);
  });

  it('refuses an unknown rule in a level’s checks, on its line', async () => {
    const project = await tempProject();
    const configPath = path.join(project.root, 'handout.config.yaml');
    const config = parseDocument(await readFile(configPath, 'utf8'));
    config.setIn(['levels', 'plain', 'checks'], { 'passive-voise': 'error' });
    await writeFile(configPath, config.toString());
    const { stderr, code } = await handout(project.root, 'check');
    expect(code).toBe(1);
    expect(stderr).toMatch(/handout\.config\.yaml\n\s*\d+:\d+\s+error\s+`levels\.plain\.checks`: Unrecognized key: "passive-voise"/);
  });

  it('passes the sample topic at its levels’ severities, and reports it', async () => {
    const project = await tempProject({}, { withSamples: true });
    const result = await check(project, {}, { report: true });
    expect(result.files.flatMap((file) => file.messages).map(String)).toEqual([]);
    expect(result.editions.every((edition) => !edition.error)).toBe(true);
    expect(result.reports).toHaveLength(14);
    const report = await readFile(path.join(project.outputDir, 'reports/recurrent-hemifacial-spasm/recurrent-hemifacial-spasm.plain.en.md'), 'utf8');
    const rows = report.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows).toHaveLength(9);
    for (const row of rows) expect(row).toMatch(/\| passes \|$/);
    expect(report).toMatch(/\| smog \| [\d.]+ \| ≤ 6 \| yes \|/);
  });
});

describe('the :::summary box', () => {
  it('is printed first, with the template’s “Key points” title, in the PDF and the online edition', async () => {
    const project = await projectWith(`${SUMMARY}## Care\n\nRest today.\n`);
    const result = await build(project, { languages: ['en'], formats: ['handout', 'html'] });
    expect(result.editions.map((edition) => edition.error ?? 'ok')).toEqual(['ok', 'ok']);
    const pdf = await readPdf(await readFile(path.join(project.outputDir, editionPath({ topic: 't', language: 'en', level: 'plain', format: 'handout', paper: 'letter', clinic: null }))));
    const text = pdf.pages.map((page) => page.text).join(' ');
    expect(text.indexOf('Key points')).toBeGreaterThan(-1);
    expect(text.indexOf('Key points')).toBeLessThan(text.indexOf('Call us if the spasms come back.'));
    expect(text.indexOf('Call us if the spasms come back.')).toBeLessThan(text.indexOf('Care'));
    const html = await readFile(path.join(project.outputDir, editionPath({ topic: 't', language: 'en', level: 'plain', format: 'html', paper: 'letter', clinic: null })), 'utf8');
    expect(html).toMatch(/<aside class="callout callout-summary" aria-labelledby="[^"]+"><h2 id="[^"]+" class="callout-title">Key points<\/h2>/);
  });
});

describe('the :::summary box on the tri-fold', () => {
  it('goes on the front cover, under the title; a cover whose text does not fit its panel is refused', async () => {
    const project = await projectWith(`${SUMMARY}## Care\n\nRest today.\n`);
    const result = await build(project, { languages: ['en'], formats: ['trifold'] });
    expect(result.editions.map((edition) => edition.error ?? 'ok')).toEqual(['ok']);
    const pdf = await readPdf(await readFile(path.join(project.outputDir, editionPath({ topic: 't', language: 'en', level: 'plain', format: 'trifold', paper: 'letter', clinic: null }))));
    // Outside, left to right: inside flap, back panel, front cover; the cover keeps its full panel height.
    const cover = pdf.pages[0]!.items.filter((item) => item.x >= 2 * 264);
    const coverText = cover.map((item) => item.str).join(' ');
    expect(coverText).toContain('Test topic');
    expect(coverText).toContain('Key points');
    expect(coverText).toContain('Call us if the spasms come back.');
    expect(pdf.pages[1]!.text).not.toContain('Call us if the spasms come back.');

    const crowded = await projectWith(`${SUMMARY.replace('- Call us if the spasms come back.', Array.from({ length: 14 }, (_, index) => `- Key point number ${index + 1}, which goes on for a while.`).join('\n'))}## Care\n\nRest today.\n`);
    const refused = await build(crowded, { languages: ['en'], formats: ['trifold'] });
    expect(refused.editions.map((edition) => edition.error)).toEqual([expect.stringContaining("the front cover's text does not fit its panel")]);
  });
});

describe('handout check --report', () => {
  it('writes each edition’s report: readability, every rule with its PEMAT-P and CCI items and result, and the items for a person', async () => {
    const project = await projectWith('## Care\n\nThe vessel was found by the surgeon.\n');
    const { stdout, code } = await handout(project.root, 'check', '--lang', 'en', '--report');
    expect(code).toBe(1);
    expect(stdout).toContain('1 health-literacy reports in output/reports/');
    const report = await readFile(path.join(project.outputDir, 'reports/t/t.plain.en.md'), 'utf8');
    expect(report).toContain('# Health-literacy report: t, plain, en');
    expect(report).toMatch(/\| smog \| [\d.]+ \| ≤ 6 \| (yes|\*\*no\*\*) \|/);
    expect(report).toMatch(/\| `passive-voice` \| the active voice \(retext-passive\) \| PEMAT-P 5: the material uses the active voice \| [^|]+ \| warning \| line 11: plain: [^|]*passive[^|]* \|/);
    expect(report).toMatch(/\| `summary-missing` \|[^\n]*\| error \| line 9: plain: No key-points summary/);
    expect(report).toMatch(/\| `sentence-long` \|[^\n]*\| warning \| passes \|/);
    expect(report).toContain('- [ ] PEMAT-P 1: the material makes its purpose completely evident');
  });
});
