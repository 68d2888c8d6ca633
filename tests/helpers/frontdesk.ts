import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { hash } from '@node-rs/argon2';
import { build } from '../../src/index.ts';
import { createFrontDesk, type FrontDesk, type FrontDeskOptions } from '../../src/server/app.ts';
import { tempProject } from './project.ts';

export const TOPIC = 'recurrent-hemifacial-spasm';
export const PASSWORDS = { alice: 'alice password 1', bob: 'bob password 22', carol: 'carol password 333' };

/**
 * A copy of the sample project, small to keep tests quick: English, Spanish
 * and Chinese plain-level handouts (and their previews) built into output/;
 * Vietnamese made a draft (a segment's translation removed); two staff
 * members in the config. Anything else is rendered on demand.
 */
export async function frontDeskProject(extraConfig = ''): Promise<string> {
  const project = await tempProject({}, { withSamples: true });
  const root = project.root;
  const catalog = path.join(root, 'locales/vi', `${TOPIC}.json`);
  const segments = JSON.parse(await readFile(catalog, 'utf8')) as Record<string, unknown>;
  delete segments[Object.keys(segments)[0]!];
  await writeFile(catalog, JSON.stringify(segments, null, 2));
  const staff = await Promise.all(Object.entries(PASSWORDS).map(async ([name, password]) => `  - name: ${name}\n    passwordHash: "${await hash(password)}"\n`));
  await appendFile(path.join(root, 'handout.config.yaml'), `staff:\n${staff.join('')}${extraConfig}`);
  const result = await build(project, { languages: ['en', 'es', 'zh-Hans'], levels: ['plain'], formats: ['handout'] }, { previews: true, jobs: 1 });
  if (result.editions.some((edition) => edition.error)) throw new Error(`sample build failed: ${JSON.stringify(result.editions.map((edition) => edition.error))}`);
  return root;
}

/** The log lines the server wrote, as one string. */
export class LogCapture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

export async function openDesk(root: string, options: Partial<FrontDeskOptions> = {}): Promise<FrontDesk & { log: LogCapture }> {
  const log = new LogCapture();
  const desk = await createFrontDesk({ root, secureCookies: true, logStream: log, ...options });
  return { ...desk, log };
}

/** The manifest's entry for an edition path, as a build wrote it. */
export async function manifestEntry(root: string, editionPath: string): Promise<{ sha256: string; contentHash: string; version: string }> {
  const manifest = JSON.parse(await readFile(path.join(root, 'output/manifest.json'), 'utf8')) as { editions: { path: string; sha256: string; contentHash: string; version: string }[] };
  const entry = manifest.editions.find((edition) => edition.path === editionPath);
  if (!entry) throw new Error(`${editionPath} is not in the manifest`);
  return entry;
}
