import { execFile } from 'node:child_process';
import { chmod, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, parseDocument } from 'yaml';
import type { Project } from '../src/index.ts';
import { BIN } from './helpers/cli.ts';
import { REPO_ROOT, tempProject, topic } from './helpers/project.ts';

const run = promisify(execFile);
const DOC = await readFile(path.join(REPO_ROOT, 'docs/sharding.md'), 'utf8');
const blocks = [...DOC.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map(([, language, body]) => ({ language: language!, body: body! }));
/** The Kubernetes objects the shell blocks apply through here-documents. */
const objects = blocks
  .filter((block) => block.language === 'sh')
  .flatMap((block) => [...block.body.matchAll(/<<'EOF'\n([\s\S]*?)\nEOF\n/g)].flatMap(([, yaml]) => parseAllDocuments(yaml!).map((document) => document.toJS() as KubeObject)));

interface KubeObject {
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown> & { template?: { spec: PodSpec } };
}
interface PodSpec {
  containers: { command: string[]; workingDir?: string; volumeMounts: { name: string; mountPath: string }[] }[];
  volumes: { name: string; persistentVolumeClaim: { claimName: string } }[];
}

/** A folder with an `npx` that runs this checkout's command line, as `npx handout` does in the project. */
let shims: string;
const created: string[] = [];

/** Runs a documented shell command in the project folder, as a CI step or a pod's container would. */
async function shell(command: string, cwd: string, env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run('sh', ['-c', command], { cwd, env: { ...process.env, ...env, NO_COLOR: '1', PATH: `${shims}${path.delimiter}${process.env.PATH}` } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

/** Two English topics: four editions, over four shards. */
async function smallProject(): Promise<Project> {
  const project = await tempProject({ 'content/care.md': topic('Rest.\n'), 'content/sleep.md': topic('Sleep.\n') });
  const config = parseDocument(await readFile(path.join(project.root, 'handout.config.yaml'), 'utf8'));
  config.setIn(['languages'], { en: { name: 'English', hyphenation: 'en-us' } });
  await writeFile(path.join(project.root, 'handout.config.yaml'), config.toString());
  return project;
}

const manifestEntries = async (root: string) => (JSON.parse(await readFile(path.join(root, 'output/manifest.json'), 'utf8')) as { editions: { path: string }[] }).editions;

beforeAll(async () => {
  shims = await mkdtemp(path.join(tmpdir(), 'handout-shims-'));
  created.push(shims);
  await writeFile(path.join(shims, 'npx'), `#!/bin/sh\ntest "$1" = handout || { echo "npx $1: not handout" >&2; exit 97; }\nshift\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  await chmod(path.join(shims, 'npx'), 0o755);
});
afterAll(async () => {
  await Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('docs/sharding.md, GitHub Actions', () => {
  const workflow = parse(blocks.find((block) => block.language === 'yaml' && block.body.includes('jobs:'))!.body) as {
    jobs: Record<string, { needs?: string; strategy?: { matrix: { shard: number[] } }; steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
  };
  const { shard, merge } = workflow.jobs as Required<typeof workflow.jobs>;

  it('uploads each shard\'s output/ and downloads them all into one output/ before merging', () => {
    expect(shard!.strategy!.matrix.shard).toEqual([1, 2, 3, 4]);
    expect(merge!.needs).toBe('shard');
    const upload = shard!.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
    const download = merge!.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'))!;
    expect(upload.with).toMatchObject({ path: 'output/' });
    expect(download.with).toMatchObject({ path: 'output', 'merge-multiple': true });
    // The download pattern matches every shard's artifact name.
    const pattern = new RegExp(`^${String(download.with!.pattern).replace(/\*/g, '.*')}$`);
    for (const index of shard!.strategy!.matrix.shard) expect(String(upload.with!.name).replace('${{ matrix.shard }}', String(index))).toMatch(pattern);
  });

  it('its commands, run as the jobs run them (each shard on a machine of its own), give a merged manifest', async () => {
    const shards = shard!.strategy!.matrix.shard;
    const steps = shard!.steps.flatMap((step) => (step.run && step.run !== 'npm ci' ? [step.run] : []));
    const machines = await Promise.all(shards.map(() => smallProject()));
    const results = await Promise.all(
      shards.map((index, machine) => {
        const command = steps.join('\n').replaceAll('${{ matrix.shard }}', String(index)).replaceAll('${{ strategy.job-total }}', String(shards.length));
        expect(command).not.toContain('${{');
        return shell(command, machines[machine]!.root);
      }),
    );
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const merging = await smallProject();
    for (const machine of machines) await cp(machine.outputDir, merging.outputDir, { recursive: true, filter: (source) => !path.basename(source).startsWith('.') });
    const mergeSteps = merge!.steps.flatMap((step) => (step.run && step.run !== 'npm ci' ? [step.run] : []));
    const merged = await shell(mergeSteps.join('\n'), merging.root);
    expect(merged.code, merged.stderr).toBe(0);
    expect((await manifestEntries(merging.root)).map((entry) => entry.path)).toEqual([
      'care/care.detailed.en.handout.pdf',
      'care/care.plain.en.handout.pdf',
      'sleep/sleep.detailed.en.handout.pdf',
      'sleep/sleep.plain.en.handout.pdf',
    ]);
  }, 120_000);
});

describe('docs/sharding.md, Kubernetes', () => {
  const claim = objects.find((object) => object.kind === 'PersistentVolumeClaim')!;
  const shardsJob = objects.find((object) => object.kind === 'Job' && object.spec.completionMode === 'Indexed')!;
  const mergeJob = objects.find((object) => object.kind === 'Job' && object !== shardsJob)!;

  it('every pod mounts the claim where the project was copied, and the Job runs as many shards as it has indexes', () => {
    const copyLine = blocks.map((block) => block.body).join('\n').split('\n').find((line) => line.startsWith('tar ') && line.includes('kubectl exec -i'))!;
    const projectDir = /tar -xf - -C (\S+)/.exec(copyLine)![1];
    for (const object of objects.filter((candidate) => candidate.kind !== 'PersistentVolumeClaim')) {
      const pod = object.kind === 'Pod' ? (object.spec as unknown as PodSpec) : object.spec.template!.spec;
      expect(pod.volumes.map((volume) => volume.persistentVolumeClaim.claimName), object.metadata.name).toEqual([claim.metadata.name]);
      const [container] = pod.containers;
      const mount = container!.volumeMounts[0]!.mountPath;
      expect(projectDir!.startsWith(`${mount}/`), object.metadata.name).toBe(true);
      if (object.kind === 'Job') expect(container!.workingDir).toBe(projectDir);
    }
    const script = shardsJob.spec.template!.spec.containers[0]!.command;
    expect(script.slice(0, 2)).toEqual(['sh', '-c']);
    expect(script[2]).toContain(`/${shardsJob.spec.completions}"`);
    expect(shardsJob.spec.parallelism).toBe(shardsJob.spec.completions);
  });

  it('its pods\' commands, run with each JOB_COMPLETION_INDEX in one shared output/, then the merge, give a merged manifest', async () => {
    const project = await smallProject();
    const [, , shardScript] = shardsJob.spec.template!.spec.containers[0]!.command;
    const indexes = Array.from({ length: Number(shardsJob.spec.completions) }, (_, index) => index);
    const results = await Promise.all(indexes.map((index) => shell(shardScript!, project.root, { JOB_COMPLETION_INDEX: String(index) })));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const [, , mergeScript] = mergeJob.spec.template!.spec.containers[0]!.command;
    const merged = await shell(mergeScript!, project.root);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain(`${indexes.length} shards merged: 4 editions in output/manifest.json`);
    expect(await manifestEntries(project.root)).toHaveLength(4);
  }, 120_000);
});
