// The README's "Where to add things" recipes, followed step by step on a copy of the samples,
// through the command line only: a recipe that needs more than it says fails here.
import { execFile } from 'node:child_process';
import { access, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument, YAMLMap } from 'yaml';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(REPO_ROOT, 'bin/handout.js');
const run = promisify(execFile);

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the samples, as a user's project folder. */
async function copyOfSamples(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'handout-recipe-'));
  created.push(root);
  for (const name of ['content', 'locales', 'assets', 'handout.config.yaml', 'terminology.tbx']) await cp(path.join(REPO_ROOT, name), path.join(root, name), { recursive: true });
  return root;
}

/** `handout …` run inside the project folder, as a user would; never throws. */
async function handout(root: string, ...args: string[]) {
  return handoutOf(BIN, root, ...args);
}

/** The command of a given copy of the tool, run inside the project folder. */
async function handoutOf(bin: string, root: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

async function readJson<T = Record<string, string>>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

async function writeJson(file: string, data: unknown): Promise<void> {
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
}

async function editConfig(root: string, edit: (config: ReturnType<typeof parseDocument>) => void): Promise<void> {
  const file = path.join(root, 'handout.config.yaml');
  const config = parseDocument(await readFile(file, 'utf8'));
  edit(config);
  await writeFile(file, config.toString());
}

interface ManifestEdition {
  path: string;
  language: string;
  level: string;
  format: string;
  translation: { status: string; reviewed: boolean; missing: number; stale: number };
}

/** The manifest's editions matching `filter`, each checked to be a PDF on disk. */
async function builtEditions(root: string, filter: (edition: ManifestEdition) => boolean): Promise<ManifestEdition[]> {
  const { editions } = await readJson<{ editions: ManifestEdition[] }>(path.join(root, 'output/manifest.json'));
  const matching = editions.filter(filter);
  for (const edition of matching) expect((await readFile(path.join(root, 'output', edition.path))).subarray(0, 5).toString(), edition.path).toBe('%PDF-');
  return matching;
}

const TOPIC = 'recurrent-hemifacial-spasm';

describe('README recipes', () => {
  it('a reading level: config, level.<name> in every ui.json, :::<name> blocks, i18n sync, translations; then every language builds it', async () => {
    const root = await copyOfSamples();
    const config = parseDocument(await readFile(path.join(root, 'handout.config.yaml'), 'utf8'));
    const sourceLanguage = String(config.get('sourceLanguage'));
    const languages = (config.get('languages') as YAMLMap).items.map((pair) => String(pair.key));
    // What a translator would write; the test fails loudly if the samples gain a language this does not cover.
    const translations: Record<string, { name: string; text: string }> = {
      en: { name: 'Standard', text: 'Hemifacial spasm makes the muscles on one side of the face twitch. Most often, a blood vessel presses on the nerve that moves these muscles.' },
      es: { name: 'Estándar', text: 'El espasmo hemifacial hace que los músculos de un lado de la cara se contraigan. Casi siempre, un vaso sanguíneo presiona el nervio que mueve esos músculos.' },
      'zh-Hans': { name: '标准版', text: '面肌痉挛会使一侧面部的肌肉抽动。最常见的原因是血管压迫了控制这些肌肉的神经。' },
      vi: { name: 'Tiêu chuẩn', text: 'Co thắt nửa mặt làm các cơ ở một bên mặt bị giật. Thường gặp nhất là do một mạch máu đè lên dây thần kinh điều khiển các cơ này.' },
      ru: { name: 'Стандартно', text: 'При гемифациальном спазме мышцы одной половины лица подёргиваются. Чаще всего кровеносный сосуд давит на нерв, который управляет этими мышцами.' },
      ht: { name: 'Estanda', text: 'Espasm emifasyal fè mis yon bò nan figi a sote. Pi souvan, se yon veso sangen ki peze sou nè ki fè mis sa yo travay.' },
      ar: { name: 'قياسي', text: 'يجعل تشنج نصف الوجه عضلات جانب واحد من الوجه ترتعش. وفي أغلب الحالات يضغط وعاء دموي على العصب الذي يحرّك هذه العضلات.' },
    };
    expect(languages.filter((language) => !translations[language])).toEqual([]);

    // 1. An entry under `levels`, plainest first, with its targets.
    await editConfig(root, (document) => {
      const levels = document.get('levels') as YAMLMap;
      levels.items.splice(levels.items.findIndex((pair) => String(pair.key) === 'plain') + 1, 0, document.createPair('standard', { targets: { smog: { max: 8 } } }));
    });
    // 2. `level.<name>` in every ui.json: the source's and each translation's.
    for (const language of languages) {
      const file = path.join(root, 'locales', language, 'ui.json');
      await writeJson(file, { ...(await readJson(file)), 'level.standard': translations[language]!.name });
    }
    // 3. The level in the topic's `levels`, and its text in a :::standard block.
    const topicFile = path.join(root, 'content', `${TOPIC}.md`);
    const markdown = await readFile(topicFile, 'utf8');
    const withLevel = markdown.replace(/^levels: \[plain, /m, 'levels: [plain, standard, ').replace(/^(## .*\n)/m, `$1\n:::standard\n${translations[sourceLanguage]!.text}\n:::\n`);
    expect(withLevel).not.toBe(markdown);
    await writeFile(topicFile, withLevel);

    // 4. `handout i18n sync`: takes in the hand-written level names, adds the new segment everywhere.
    const sync = await handout(root, 'i18n', 'sync');
    expect(sync.code, sync.stderr).toBe(0);
    for (const language of languages.filter((language) => language !== sourceLanguage)) {
      expect(sync.stdout).toMatch(new RegExp(`^${language}/ui: 1 adopted .*: level\\.standard$`, 'm'));
      expect(sync.stdout).toMatch(new RegExp(`^${language}/${TOPIC}: 1 new: [\\w-]+\\.standard\\.p1$`, 'm'));
    }

    // 5. The new segments' translations in each topic catalog.
    for (const language of languages.filter((language) => language !== sourceLanguage)) {
      const catalog = path.join(root, 'locales', language, `${TOPIC}.json`);
      const values = await readJson(catalog);
      const { segments } = await readJson<{ segments: Record<string, unknown> }>(path.join(root, 'locales', language, `${TOPIC}.meta.json`));
      const untranslated = Object.keys(segments).filter((key) => !values[key]);
      expect(untranslated).toHaveLength(1);
      await writeJson(catalog, { ...values, [untranslated[0]!]: translations[language]!.text });
    }

    const build = await handout(root, 'build', '--level', 'standard', '--format', 'handout', '--jobs', '0');
    expect(build.code, build.stderr).toBe(0);
    const editions = await builtEditions(root, (edition) => edition.level === 'standard');
    expect(editions.map((edition) => edition.language).sort()).toEqual([...languages].sort());
    for (const edition of editions) {
      const expected = edition.language === sourceLanguage ? { status: 'source', reviewed: true } : { status: 'final', reviewed: false, missing: 0, stale: 0 };
      expect(edition.translation, edition.language).toMatchObject(expected);
    }
  });

  it('a language in an existing script: config entry, i18n sync --lang, then its template strings and topic translations; then it builds', async () => {
    const root = await copyOfSamples();
    // 1. An entry under `languages`: Portuguese in Noto Sans (the default), with the `hyphen` package's patterns.
    await editConfig(root, (document) => document.setIn(['languages', 'pt'], { name: 'Português', hyphenation: 'pt' }));

    // 2. `handout i18n sync --lang pt` creates its catalogs, every key missing.
    const sync = await handout(root, 'i18n', 'sync', '--lang', 'pt');
    expect(sync.code, sync.stderr).toBe(0);
    // Every template string of the source language is new to it.
    const templateStrings = Object.keys(await readJson(path.join(root, 'locales/en/ui.json'))).length;
    expect(sync.stdout).toMatch(new RegExp(`^pt/ui: ${templateStrings} new: `, 'm'));
    expect(sync.stdout).toMatch(new RegExp(`^pt/${TOPIC}: \\d+ new: title, summary, `, 'm'));
    const catalogs = path.join(root, 'locales/pt');
    expect(await readJson(path.join(catalogs, 'ui.json'))).toEqual({});

    // 3. The template strings in locales/pt/ui.json …
    await writeJson(path.join(catalogs, 'ui.json'), {
      warningTitle: 'Quando procurar ajuda',
      questionsTitle: 'Perguntas para fazer à sua equipe de saúde',
      summaryTitle: 'Pontos principais',
      pageOf: 'Página {{page, number}} de {{total, number}}',
      reviewedOn: 'Revisado em {{date, datetime(dateStyle: long; timeZone: UTC)}}',
      version: 'Versão {{version}}',
      'level.plain': 'Fácil de ler',
      'level.detailed': 'Detalhado',
      unreviewedNotice: 'Esta tradução ainda não foi verificada por um tradutor médico qualificado. Se algo não estiver claro, pergunte à sua equipe de saúde.',
      draftMark: 'RASCUNHO – NÃO É PARA PACIENTES',
      readOnline: 'Escaneie para ler este folheto on-line',
      contactUs: 'Fale conosco',
      callClinic: 'Ligue para {{clinic}} no {{phone}}.',
      continued: '{{title}} (continuação)',
      'email.subject': 'Seu folheto de {{clinic}}',
      'email.body': 'Aqui está o folheto que sua equipe de saúde de {{clinic}} lhe deu. Ele está anexado a este e-mail como um arquivo PDF.',
      'email.onlineLink': 'Você também pode lê-lo on-line: {{url}}',
      'email.signature': 'Sua equipe de saúde de {{clinic}}',
      'email.attachmentName': 'Folheto de {{clinic}}',
      skipToContent: 'Ir para o conteúdo principal',
      printEditions: 'Imprimir este folheto',
      'format.handout': 'Folheto (PDF)',
      'format.large-print': 'Letra grande (PDF)',
      'format.booklet': 'Livreto (PDF)',
      handoutsIndex: 'Folhetos para pacientes',
    });
    // … and the topic's segments in locales/pt/<topic>.json, from the source texts sync listed
    // (stand-ins: they only need to exist and pass the translation checks).
    const { segments } = await readJson<{ segments: Record<string, { source: string; state: string }> }>(path.join(catalogs, `${TOPIC}.meta.json`));
    await writeJson(path.join(catalogs, `${TOPIC}.json`), Object.fromEntries(Object.entries(segments).map(([key, { source }]) => [key, `[pt] ${source}`])));
    // Unreviewed: nobody marked them reviewed.
    expect(new Set(Object.values(segments).map((segment) => segment.state))).toEqual(new Set(['translated']));

    const status = await handout(root, 'i18n', 'status', '--lang', 'pt');
    expect(status.stdout).toMatch(new RegExp(`^${TOPIC} +pt +(\\d+) +\\1 +0 +0 +0 +yes +no$`, 'm'));
    expect(status.stdout).toMatch(new RegExp(`^ui \\(template strings\\) +pt +${templateStrings} +${templateStrings} +0 +0 +0 +yes +no$`, 'm'));

    const build = await handout(root, 'build', '--lang', 'pt', '--format', 'handout', '--jobs', '0');
    expect(build.code, build.stderr).toBe(0);
    const editions = await builtEditions(root, (edition) => edition.language === 'pt');
    const topicLevels = /^levels: \[(.*)\]$/m.exec(await readFile(path.join(root, 'content', `${TOPIC}.md`), 'utf8'))![1]!.split(/,\s*/);
    expect(editions.map((edition) => edition.level).sort()).toEqual(topicLevels.sort());
    for (const edition of editions) expect(edition.translation).toEqual({ status: 'final', reviewed: false, missing: 0, stale: 0 });
    await access(path.join(root, 'output', TOPIC, `${TOPIC}.plain.pt.handout.pdf`));
  });
});

describe('README recipe: a new format', () => {
  it('is one module in src/formats/, its template folder and its name in FORMATS; the build then makes it', async () => {
    // The recipe changes the tool itself: a copy of it, with the samples, sharing the installed packages.
    const root = await copyOfSamples();
    for (const name of ['bin', 'src', 'templates', 'patches', 'package.json', 'package-lock.json', 'tsconfig.json']) await cp(path.join(REPO_ROOT, name), path.join(root, name), { recursive: true });
    await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    await mkdir(path.join(root, 'templates/poster'));
    await writeFile(
      path.join(root, 'templates/poster/Poster.tsx'),
      `import { Document, Page, Text } from '@react-pdf/renderer';
import { Blocks, renderInlines, textStyle, type BlockContext } from '../shared/blocks.tsx';
import { documentProps } from '../shared/document.ts';
import { layoutStyles } from '../shared/styles.ts';
import type { TemplateProps } from '../types.ts';

/** The whole handout in large type on one tall A3 sheet, for a waiting-room wall. */
export function Poster(props: TemplateProps) {
  const { document, typography, labels, clinic, layout, paper } = props;
  const styles = layoutStyles(layout, clinic.brandColor);
  const context: BlockContext = { typography, labels, styles, italics: layout.italics, brand: clinic.brandColor, answerLines: 1 };
  return (
    <Document {...documentProps(props)}>
      <Page size={[...(layout.pageSize[paper] as readonly [number, number])]} style={styles.page}>
        <Text style={textStyle(typography, styles.title)}>{renderInlines(document.meta.title.content, context)}</Text>
        <Text style={textStyle(typography, styles.summary)}>{renderInlines(document.meta.summary.content, context)}</Text>
        <Blocks blocks={document.blocks} context={context} />
      </Page>
    </Document>
  );
}
`,
    );
    await writeFile(
      path.join(root, 'src/formats/poster.ts'),
      `import { createElement } from 'react';
import { handoutLayout } from './handout.ts';
import type { FormatDefinition } from './types.ts';

export const poster: FormatDefinition = {
  name: 'poster',
  summary: 'the handout on A3 sheets for the waiting room',
  medium: 'A3',
  extension: 'pdf',
  leadFont: null,
  hyphenation: false,
  suits: 'the plainest level',
  tagged: false,
  linkedOnline: false,
  renderCost: 2,
  async write({ props }, engine) {
    const { Poster } = await import('../../templates/poster/Poster.tsx');
    const a3 = [841.89, 1190.55] as const;
    const layout = { ...handoutLayout, name: 'poster', pageSize: { LETTER: a3, A4: a3 } };
    const { bytes } = await engine.renderPdf((onRender) => createElement(Poster, { ...props, layout, onRender }), props.typography.fontFamily);
    return { bytes, notes: [] };
  },
};
`,
    );
    const registry = path.join(root, 'src/formats/index.ts');
    const source = await readFile(registry, 'utf8');
    await writeFile(registry, source.replace("import { trifold } from './trifold.ts';", "import { trifold } from './trifold.ts';\nimport { poster } from './poster.ts';").replace('trifold, html]', 'trifold, html, poster]'));

    const tool = (...args: string[]) => handoutOf(path.join(root, 'bin/handout.js'), root, ...args);
    const built = await tool('build', '--format', 'poster', '--lang', 'en', 'es', '--level', 'plain', '--jobs', '0');
    expect(built.stderr).not.toMatch(/error/i);
    expect(built.code).toBe(0);
    const manifest = await readJson<{ editions: ManifestEdition[] }>(path.join(root, 'output/manifest.json'));
    expect(manifest.editions.map((edition) => edition.path).sort()).toEqual([
      'recurrent-hemifacial-spasm/recurrent-hemifacial-spasm.plain.en.poster.pdf',
      'recurrent-hemifacial-spasm/recurrent-hemifacial-spasm.plain.es.poster.pdf',
    ]);
    const pdf = await PDFDocument.load(await readFile(path.join(root, 'output', manifest.editions[0]!.path)));
    const { width, height } = pdf.getPage(0).getSize();
    expect([width, height].map(Math.round)).toEqual([842, 1191]);
    // The format is a --format value like the others, and refused when it is not registered.
    expect((await tool('build', '--format', 'posters')).stderr).toMatch(/argument 'posters' is invalid\. Allowed choices are .*, poster/);
  });
});
