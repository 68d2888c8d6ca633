// Issue #10: the layer rules of .dependency-cruiser.mjs hold for the real tree, and each rule fires
// when a small project tree breaks it.
import { copyFile, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFIG = join(ROOT, '.dependency-cruiser.mjs');
/** What `npm run lint:layers` cruises. */
const CRUISED = ['src', 'templates', 'bin', 'scripts'];

interface Found {
  rule: string;
  from: string;
  to: string;
}

/** Cruises the project at baseDir with the rules and options of .dependency-cruiser.mjs. */
async function violationsAt(baseDir: string): Promise<IViolation[]> {
  const options = await extractDepcruiseOptions(CONFIG);
  const tsConfig = join(baseDir, 'tsconfig.json');
  const { output } = await cruise(
    CRUISED,
    { ...options, baseDir, tsConfig: { fileName: tsConfig } },
    undefined,
    { tsConfig: extractTSConfig(tsConfig) },
  );
  if (typeof output === 'string') throw new Error(`dependency-cruiser returned a report, not a result: ${output}`);
  return output.summary.violations;
}

/** Packages resolve to their real files, wherever node_modules lives: show them from node_modules/ on. */
const shortName = (name: string) => name.replace(/^.*?node_modules\//, 'node_modules/');

const found = (violation: IViolation): Found => ({
  rule: violation.rule.name,
  from: shortName(violation.from),
  to: shortName(violation.to),
});

const sorted = (list: Found[]) =>
  [...list].sort((a, b) => `${a.rule} ${a.from} ${a.to}`.localeCompare(`${b.rule} ${b.from} ${b.to}`));

function describeViolation(violation: IViolation): string {
  const chain = violation.cycle ?? violation.via;
  const path = chain ? ` (${[violation.from, ...chain.map((step) => step.name)].map(shortName).join(' → ')})` : '';
  return `${violation.rule.name}: ${shortName(violation.from)} → ${shortName(violation.to)}${path}`;
}

describe('the real tree', () => {
  it('keeps every architecture rule', async () => {
    const lines = (await violationsAt(ROOT)).map(describeViolation);
    expect(lines.length, `dependency-cruiser found ${lines.length} violation(s):\n${lines.join('\n')}\n`).toBe(0);
  });
});

describe('each rule fires', () => {
  const trees: string[] = [];
  afterAll(async () => {
    await Promise.all(trees.map((tree) => rm(tree, { recursive: true, force: true })));
  });

  /** A temporary project laid out like this one (tsconfig, package.json, node_modules) holding files. */
  async function project(files: Record<string, string>): Promise<string> {
    const tree = await mkdtemp(join(tmpdir(), 'handout-architecture-'));
    trees.push(tree);
    await copyFile(join(ROOT, 'tsconfig.json'), join(tree, 'tsconfig.json'));
    await writeFile(join(tree, 'package.json'), JSON.stringify({ name: 'fixture', type: 'module', private: true }));
    await symlink(await realpath(join(ROOT, 'node_modules')), join(tree, 'node_modules'), 'dir');
    for (const folder of CRUISED) await mkdir(join(tree, folder));
    for (const [file, text] of Object.entries(files)) {
      await mkdir(dirname(join(tree, file)), { recursive: true });
      await writeFile(join(tree, file), text);
    }
    return tree;
  }

  async function violationsIn(files: Record<string, string>): Promise<Found[]> {
    return sorted((await violationsAt(await project(files))).map(found));
  }

  /** A relative import specifier from one project file to another. */
  function specifier(from: string, to: string): string {
    const up = from.split('/').length - 1;
    return `${up === 0 ? './' : '../'.repeat(up)}${to}`;
  }

  // The layers of issue #10, lowest first, with a few sample modules each; the first one
  // of each layer is the one other layers import.
  const LAYERS: [layer: string, samples: string[]][] = [
    ['kernel', ['src/model/document.ts', 'src/messages/index.ts', 'src/files/atomic.ts', 'src/version.ts']],
    ['fonts-typesetting', ['src/fonts/index.ts', 'src/typesetting/hyphenation.ts']],
    ['templates', ['templates/index.ts', 'templates/handout/Handout.tsx']],
    ['formats', ['src/formats/index.ts']],
    ['config', ['src/config/index.ts']],
    ['branding', ['src/branding/index.ts']],
    ['project', ['src/project/index.ts']],
    ['reader', ['src/reader/index.ts']],
    ['levels', ['src/levels/index.ts']],
    ['i18n', ['src/i18n/catalog.ts']],
    ['readability', ['src/readability/index.ts']],
    ['glyphs', ['src/glyphs/index.ts']],
    ['prepare', ['src/prepare/index.ts']],
    ['render', ['src/render/edition.ts', 'src/render/worker.ts']],
    ['readback', ['src/readback/preview.ts']],
    ['pipeline', ['src/pipeline/build.ts']],
    ['library-api', ['src/index.ts']],
    ['cli', ['src/cli/main.ts']],
  ];
  const first = (index: number) => LAYERS[index]![1][0]!;
  const imports = (from: string, targets: string[]) =>
    targets.map((target) => `import ${JSON.stringify(specifier(from, target))};\n`).join('') + 'export {};\n';

  it('a tree that keeps the layers breaks no rule', async () => {
    const files: Record<string, string> = {
      'bin/handout.js': "await import('../src/cli/main.ts');\n",
      'bin/render-worker.js': "const { renderTask } = await import('../src/render/worker.ts');\nexport default renderTask;\n",
      'scripts/bench.ts': imports('scripts/bench.ts', ['src/readback/preview.ts', 'templates/handout/Handout.tsx']),
      'src/types/pdfkit.d.ts': "declare module 'pdfkit' {\n  const PDFDocument: { prototype: object };\n  export default PDFDocument;\n}\n",
    };
    LAYERS.forEach(([layer, samples], index) => {
      const lower = layer === 'templates' ? ['src/model/document.ts'] : LAYERS.slice(0, index).map((_, below) => first(below));
      samples.forEach((sample, position) => {
        files[sample] = imports(sample, position === 0 ? lower : [samples[0]!, ...lower]);
      });
    });
    files['templates/handout/Handout.tsx'] =
      "import { Text } from '@react-pdf/renderer';\nimport type { Document } from '../../src/model/document.ts';\n" +
      'export const Handout = ({ document }: { document: Document }) => <Text>{String(document)}</Text>;\n';
    files['src/model/document.ts'] = 'export type Document = { title: string };\n';
    // Readback may load pdfjs: the worker does not reach readback.
    files['src/readback/preview.ts'] = `import 'pdfjs-dist/legacy/build/pdf.mjs';\n${files['src/readback/preview.ts']}`;

    expect(await violationsIn(files)).toEqual([]);
  });

  it('a layer importing the layer above it breaks that layer’s rule', async () => {
    const files: Record<string, string> = {};
    const expected: Found[] = [];
    LAYERS.forEach(([layer, samples], index) => {
      const above = index + 1 < LAYERS.length ? [first(index + 1)] : [];
      for (const sample of samples) {
        files[sample] = imports(sample, above);
        for (const target of above) {
          expected.push({ rule: `layer-${layer}`, from: sample, to: target });
          if (layer === 'templates') expected.push({ rule: 'templates-only-model', from: sample, to: target });
        }
      }
    });

    expect(await violationsIn(files)).toEqual(sorted(expected));
  });

  it('the documented example: a model file importing the renderer breaks layer-kernel', async () => {
    expect(
      await violationsIn({
        'src/model/document.ts': "import '../render/render.ts';\nexport type Document = { title: string };\n",
        'src/render/render.ts': "export const render = () => 'pdf';\n",
      }),
    ).toEqual([{ rule: 'layer-kernel', from: 'src/model/document.ts', to: 'src/render/render.ts' }]);
  });

  it('a cycle, even of type-only imports, breaks no-circular (once per cycle)', async () => {
    const tree = await project({
      'src/reader/a.ts': "import type { B } from './b.ts';\nexport interface A { b?: B }\n",
      'src/reader/b.ts': "import type { A } from './a.ts';\nexport interface B { a?: A }\n",
    });
    const violations = await violationsAt(tree);

    expect(violations.map(found)).toEqual([{ rule: 'no-circular', from: 'src/reader/a.ts', to: 'src/reader/b.ts' }]);
    expect(violations[0]?.cycle).toEqual([
      { name: 'src/reader/b.ts', dependencyTypes: expect.arrayContaining(['type-only']) },
      { name: 'src/reader/a.ts', dependencyTypes: expect.arrayContaining(['type-only']) },
    ]);
  });

  it('a template touching fs, i18next or src/ beyond the model breaks the template rules', async () => {
    expect(
      await violationsIn({
        'templates/handout/Handout.tsx':
          "import { readFileSync } from 'node:fs';\nimport { readFile } from 'fs/promises';\nimport i18next from 'i18next';\n" +
          "import type { Document } from '../../src/model/document.ts';\nimport { FACES } from '../../src/fonts/index.ts';\n" +
          'export const sources = [readFileSync, readFile, i18next, FACES];\nexport type { Document };\n',
        'templates/shared/logo.ts': "export const fs = process.getBuiltinModule('node:fs');\n",
        'src/model/document.ts': 'export type Document = { title: string };\n',
        'src/fonts/index.ts': 'export const FACES = [];\n',
      }),
    ).toEqual(
      sorted([
        { rule: 'templates-no-fs', from: 'templates/handout/Handout.tsx', to: 'fs' },
        { rule: 'templates-no-fs', from: 'templates/handout/Handout.tsx', to: 'fs/promises' },
        { rule: 'templates-no-fs', from: 'templates/shared/logo.ts', to: 'fs' },
        { rule: 'templates-no-i18next', from: 'templates/handout/Handout.tsx', to: 'node_modules/i18next/dist/esm/i18next.js' },
        { rule: 'templates-only-model', from: 'templates/handout/Handout.tsx', to: 'src/fonts/index.ts' },
      ]),
    );
  });

  it('a render worker reaching pdfjs through src/readback breaks worker-no-pdfjs (and render must not import readback)', async () => {
    const pdfjs = 'node_modules/pdfjs-dist/legacy/build/pdf.mjs';
    const tree = await project({
      'bin/render-worker.js': "const { renderTask } = await import('../src/render/worker.ts');\nexport default renderTask;\n",
      'src/render/worker.ts': "import { pageCount } from '../readback/pages.ts';\nexport const renderTask = () => pageCount;\n",
      'src/readback/pages.ts': "import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';\nexport const pageCount = getDocument;\n",
    });
    const violations = await violationsAt(tree);

    expect(sorted(violations.map(found))).toEqual([
      { rule: 'layer-render', from: 'src/render/worker.ts', to: 'src/readback/pages.ts' },
      { rule: 'worker-no-pdfjs', from: 'bin/render-worker.js', to: pdfjs },
      { rule: 'worker-no-pdfjs', from: 'src/render/worker.ts', to: pdfjs },
    ]);
    const fromBin = violations.find((violation) => violation.from === 'bin/render-worker.js');
    expect(fromBin?.via?.map((step) => shortName(step.name))).toEqual(['src/render/worker.ts', 'src/readback/pages.ts', pdfjs]);
  });

  it('a render worker reaching pdfjs through a dynamic import() breaks worker-no-pdfjs', async () => {
    const pdfjs = 'node_modules/pdfjs-dist/legacy/build/pdf.mjs';
    const tree = await project({
      'src/render/worker.ts': "import { fits } from './measure.ts';\nexport const renderTask = () => fits();\n",
      'src/render/measure.ts':
        "export async function fits(): Promise<string> {\n  const { version } = await import('pdfjs-dist/legacy/build/pdf.mjs');\n  return version;\n}\n",
    });
    const violations = await violationsAt(tree);

    expect(violations.map(found)).toEqual([{ rule: 'worker-no-pdfjs', from: 'src/render/worker.ts', to: pdfjs }]);
    const lastStep = violations[0]?.via?.at(-1);
    expect(lastStep && shortName(lastStep.name)).toBe(pdfjs);
    expect(lastStep?.dependencyTypes).toContain('dynamic-import');
  });

  it('an unresolvable import breaks not-to-unresolvable', async () => {
    expect(
      await violationsIn({
        'src/model/document.ts': "import './segments.ts';\nexport type Document = { title: string };\n",
      }),
    ).toEqual([{ rule: 'not-to-unresolvable', from: 'src/model/document.ts', to: './segments.ts' }]);
  });

  it('a module nothing imports and that imports nothing breaks no-orphans', async () => {
    expect(
      await violationsIn({
        'src/levels/index.ts': 'export const LEVELS = [];\n',
      }),
    ).toEqual([{ rule: 'no-orphans', from: 'src/levels/index.ts', to: 'src/levels/index.ts' }]);
  });

  it('a src/ folder outside every layer breaks not-in-a-layer, and layers may not import it', async () => {
    expect(
      await violationsIn({
        'src/build/index.ts': "import type { Document } from '../model/document.ts';\nexport const build = (d: Document) => d;\n",
        'src/model/document.ts': 'export type Document = { title: string };\n',
        'src/cli/main.ts': "import { build } from '../build/index.ts';\nexport const main = build;\n",
      }),
    ).toEqual([
      { rule: 'layer-cli', from: 'src/cli/main.ts', to: 'src/build/index.ts' },
      { rule: 'not-in-a-layer', from: 'src/build/index.ts', to: 'src/model/document.ts' },
    ]);
  });
});
