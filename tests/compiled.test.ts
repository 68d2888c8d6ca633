import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build as bundle } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from './helpers/pdf.ts';
import { REPO_ROOT, tempProject } from './helpers/project.ts';

const run = promisify(execFile);
const EDITION = ['--topic', 'recurrent-hemifacial-spasm', '--lang', 'en', '--level', 'plain', '--format', 'handout'];
const PDF = 'output/recurrent-hemifacial-spasm/recurrent-hemifacial-spasm.plain.en.handout.pdf';

/** A copy of the tool (its sources, bin/, its patches to packages and the compile scripts; node_modules linked), compiled as npm ci compiles it. */
let tool: string;
beforeAll(async () => {
  tool = await mkdtemp(path.join(tmpdir(), 'handout-tool-'));
  for (const entry of ['src', 'templates', 'bin', 'patches', 'scripts/compile.js', 'scripts/bundle.js', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']) {
    await cp(path.join(REPO_ROOT, entry), path.join(tool, entry), { recursive: true });
  }
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(tool, 'node_modules'));
  await run(process.execPath, [path.join(tool, 'scripts/compile.js')], { cwd: tool });
});
afterAll(() => rm(tool, { recursive: true, force: true }));

/** The copy's command line as a person runs it: without the test suite's HANDOUT_FROM_SOURCES, unless `fromSources`. */
async function handout(args: string[], fromSources = false) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  if (fromSources) env.HANDOUT_FROM_SOURCES = '1';
  else delete env.HANDOUT_FROM_SOURCES;
  return run(process.execPath, [path.join(tool, 'bin/handout.js'), ...args], { env });
}

describe('the compiled command line (dist/)', () => {
  it('runs while current, and prints the same PDF as the sources', async () => {
    // What dist/ says, and only it: the proof that the command ran it.
    const main = path.join(tool, 'dist/bundle/cli/main.js');
    await writeFile(main, (await readFile(main, 'utf8')).replace('Patient-education handouts from Markdown to PDF', 'Compiled: patient-education handouts from Markdown to PDF'));
    const help = await handout(['--help']);
    expect(help.stdout).toContain('Compiled: patient-education handouts');
    expect(help.stderr).toBe('');

    const [compiled, sources] = [await tempProject({}, { withSamples: true }), await tempProject({}, { withSamples: true })];
    const built = await handout(['--root', compiled.root, 'build', ...EDITION]);
    expect(built.stderr).toBe('');
    expect(built.stdout).toContain('1 built, 0 unchanged, 0 failed');
    await handout(['--root', sources.root, 'build', ...EDITION], true);
    const bytes = await readFile(path.join(compiled.root, PDF));
    const pdf = await readPdf(bytes);
    expect(pdf.pages.length).toBeGreaterThan(1);
    expect(pdf.pages[0]!.text).toContain('Hemifacial');
    // Same bytes: the same code, and the same renderer digest (it hashes the sources, wherever the code runs from).
    expect(bytes.equals(await readFile(path.join(sources.root, PDF)))).toBe(true);
  });

  it('loads only what the command needs: --version and --help no pipeline, a PDF build no web page or preview renderer in its main thread', async () => {
    // Modules that throw when loaded, bundled again: a command that needs none of them still works.
    const unloadable = {
      version: ['dist/src/pipeline/index.js', 'dist/src/project/index.js', 'dist/src/config/index.js', 'dist/src/render/engine.js'],
      build: ['dist/templates/html/SiteIndex.js', 'dist/src/readback/preview.js'],
    };
    const originals = new Map<string, string>();
    const bundle = () => run(process.execPath, [path.join(tool, 'scripts/bundle.js')], { cwd: tool });
    const restore = async () => {
      for (const [file, text] of originals) await writeFile(file, text);
      originals.clear();
    };
    const bundleUnloadable = async (files: string[]) => {
      await restore();
      for (const file of files) {
        const absolute = path.join(tool, file);
        originals.set(absolute, await readFile(absolute, 'utf8'));
        await writeFile(absolute, `throw new Error('${file} was loaded');\n${originals.get(absolute)}`);
      }
      await bundle();
    };
    try {
      await bundleUnloadable(unloadable.version);
      expect((await handout(['--version'])).stdout).toBe(`${JSON.parse(await readFile(path.join(tool, 'package.json'), 'utf8')).version}\n`);
      expect((await handout(['build', '--help'])).stdout).toContain('--format <name...>');
      // The proof that the broken modules are in the bundle: a command that needs them fails.
      await expect(handout(['check'])).rejects.toThrow(/Unexpected error: dist\/src\/\w+\/index.js was loaded/);
      await bundleUnloadable(unloadable.build);
      const { root } = await tempProject({}, { withSamples: true });
      const built = await handout(['--root', root, 'build', ...EDITION]);
      expect(built.stderr).toBe('');
      expect(built.stdout).toContain('1 built, 0 unchanged, 0 failed');
      await expect(handout(['--root', root, 'build', ...EDITION, '--previews'])).rejects.toThrow(/preview.js was loaded/);
    } finally {
      await restore();
      await bundle();
    }
  });

  it('starts a render worker without pdf-lib: only the formats that compose sheets load it, when they compose', async () => {
    const bundled = path.join(tool, 'dist/bundle');
    const imposition = (await readdir(path.join(bundled, 'chunks'))).find((file) => /^booklet-imposition-\w+\.js$/.test(file))!;
    const entries = ['render/worker.js', `chunks/${imposition}`];
    // esbuild's own reading of the bundle's imports: which file imports which, statically or with import().
    const { metafile } = await bundle({ entryPoints: entries, absWorkingDir: bundled, bundle: true, write: false, outdir: 'unwritten', metafile: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
    /** The files of the bundle that are loaded, before it runs, with the one given. */
    const loadedWith = (entry: string) => {
      const loaded = new Set<string>();
      const visit = (file: string) => {
        if (loaded.has(file)) return;
        loaded.add(file);
        for (const { path: imported, kind, external } of metafile.inputs[file]!.imports) if (kind === 'import-statement' && !external) visit(imported);
      };
      visit(entry);
      return loaded;
    };
    // esbuild heads each bundled package module with its path.
    const bundles = async (files: Set<string>, name: string) => {
      for (const file of files) if ((await readFile(path.join(bundled, file), 'utf8')).includes(`node_modules/${name}/`)) return true;
      return false;
    };
    const worker = loadedWith(entries[0]!);
    expect(await bundles(worker, '@react-pdf/layout')).toBe(true);
    expect(await bundles(worker, 'pdf-lib'), 'pdf-lib among the modules a render worker loads as it starts').toBe(false);
    // The proof that a pdf-lib loaded with a module would be seen: the booklet's imposition loads it.
    expect(await bundles(loadedWith(entries[1]!), 'pdf-lib')).toBe(true);
  });

  it('runs the sources, and says so, once a source is newer than dist/: never old code', async () => {
    const main = path.join(tool, 'src/cli/main.ts');
    await writeFile(main, (await readFile(main, 'utf8')).replace("'Patient-education handouts from Markdown to PDF", "'Edited: patient-education handouts from Markdown to PDF"));
    const help = await handout(['--help']);
    expect(help.stdout).toContain('Edited: patient-education handouts');
    expect(help.stderr).toBe('handout: src/cli/main.ts is newer than dist/, so running the TypeScript sources (starts about 1 s slower); `npm run compile` compiles them\n');
  });

  it('runs the sources when a source file is removed after compiling', async () => {
    await run(process.execPath, [path.join(tool, 'scripts/compile.js')], { cwd: tool });
    expect((await handout(['--version'])).stderr).toBe('');
    await rm(path.join(tool, 'src/server/static/frontdesk.css'));
    expect((await handout(['--version'])).stderr).toContain('src/server/static is newer than dist/');
  });

  it('runs the sources once a patch to a package is newer than dist/: the bundle holds the package as it was', async () => {
    await run(process.execPath, [path.join(tool, 'scripts/compile.js')], { cwd: tool });
    expect((await handout(['--version'])).stderr).toBe('');
    const patch = path.join(tool, 'patches/@react-pdf+textkit+7.0.1.patch');
    await writeFile(patch, await readFile(patch));
    expect((await handout(['--version'])).stderr).toContain('patches/@react-pdf+textkit+7.0.1.patch is newer than dist/');
  });
});
