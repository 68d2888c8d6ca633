import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { uiSource } from '../src/i18n/catalog.ts';
import { prepareEdition, topicContext } from '../src/prepare/index.ts';
import { readTopic } from '../src/reader/index.ts';
import { rendererDigest } from '../src/render/digest.ts';
import { REPO_ROOT, tempProject } from './helpers/project.ts';

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the rendering code with the repository's lock file, one package's locked version changed. */
async function toolWithLocked(name: string | null): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'handout-digest-'));
  created.push(root);
  for (const folder of ['templates', 'src', 'patches']) await cp(path.join(REPO_ROOT, folder), path.join(root, folder), { recursive: true });
  const lock = JSON.parse(await readFile(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
  if (name) {
    const locked = lock.packages[`node_modules/${name}`];
    if (!locked) throw new Error(`${name} is not in the lock file`);
    locked.version = `${locked.version}-changed`;
  }
  await writeFile(path.join(root, 'package-lock.json'), JSON.stringify(lock));
  return root;
}

describe('the renderer digest', () => {
  it('changes every content hash when any package of the rendering stack changes version, directly used or not', async () => {
    const project = await tempProject({}, { withSamples: true });
    const { document, file } = await readTopic(project, 'recurrent-hemifacial-spasm');
    const contentHash = async (renderer: string) => {
      const context = await topicContext(project, document!, file, await uiSource(project), ['en'], renderer);
      return prepareEdition(context, { topic: 'recurrent-hemifacial-spasm', language: 'en', level: 'plain', format: 'handout', paper: 'letter', clinic: null }, { draft: false }).identity.contentHash;
    };
    const unchanged = await contentHash(rendererDigest(await toolWithLocked(null)));
    expect(unchanged).toBe(await contentHash(rendererDigest(REPO_ROOT)));
    // React-PDF's own packages, and what they depend on without the project naming them.
    for (const name of ['@react-pdf/renderer', '@react-pdf/textkit', '@react-pdf/font', '@react-pdf/layout', '@react-pdf/render', 'pdfkit', 'fontkit', 'yoga-layout', 'hyphen', '@expo-google-fonts/noto-sans', 'pdf-lib']) {
      expect(await contentHash(rendererDigest(await toolWithLocked(name))), name).not.toBe(unchanged);
    }
    // A package that never touches a PDF leaves editions as they are.
    expect(await contentHash(rendererDigest(await toolWithLocked('commander')))).toBe(unchanged);
    // Our patch to a package (patch-package) changes PDFs as much as the package's version.
    const patched = await toolWithLocked(null);
    await writeFile(path.join(patched, 'patches', '@react-pdf+textkit+7.0.1.patch'), '# changed\n', { flag: 'a' });
    expect(await contentHash(rendererDigest(patched))).not.toBe(unchanged);
  });
});
