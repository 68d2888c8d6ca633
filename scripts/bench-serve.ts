/**
 * `npm run bench:serve`: the front desk on a warm server over a copy of the
 * sample project. Prints the p95 of serving a built edition, the p50 of an
 * edition never built (rendered on demand), the throughput of mixed requests
 * and memory after 100 and after 1,000 requests. Prints figures; it asserts
 * nothing (targets: p95 < 100 ms, p50 < 1.5 s, memory within 10 %).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import { build, openProject } from '../src/index.ts';
import { createFrontDesk } from '../src/server/app.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const TOPIC = 'recurrent-hemifacial-spasm';
const PASSWORD = 'bench password';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const root = await mkdtemp(path.join(tmpdir(), 'handout-bench-serve-'));
try {
  for (const name of ['handout.config.yaml', 'assets', 'content', 'locales']) await cp(path.join(ROOT, name), path.join(root, name), { recursive: true });
  const config = path.join(root, 'handout.config.yaml');
  await writeFile(config, `${await readFile(config, 'utf8')}staff:\n  - name: bench\n    passwordHash: "${await hash(PASSWORD)}"\n`);
  process.stderr.write('Building English and Spanish plain handouts…\n');
  await build(await openProject(root), { languages: ['en', 'es'], levels: ['plain'], formats: ['handout'] }, { previews: true });

  const started = performance.now();
  const desk = await createFrontDesk({ root, secureCookies: false, logLevel: 'warn', workers: 1 });
  await desk.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(desk.app.server.address() as AddressInfo).port}`;
  process.stderr.write(`Server ready in ${ms(performance.now() - started)}\n`);

  // Signed in as a browser would: the sign-in form's CSRF cookie and token, then the session cookie.
  const jar = new Map<string, string>();
  const cookies = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=');
      jar.set(name!, value!);
    }
    return response;
  };
  const form = keep(await fetch(`${base}/sign-in`));
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  keep(await fetch(`${base}/sign-in`, { method: 'POST', redirect: 'manual', headers: { cookie: cookies(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, name: 'bench', password: PASSWORD }) }));

  const edition = (overrides: Record<string, string> = {}) => new URLSearchParams({ topic: TOPIC, language: 'es', level: 'plain', format: 'handout', paper: 'letter', clinic: 'riverside', ...overrides }).toString();
  const timed = async (url: string) => {
    const start = performance.now();
    const response = await fetch(`${base}${url}`, { headers: { cookie: cookies() } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    return performance.now() - start;
  };

  const builtUrl = `/edition/file?${edition()}`;
  for (let warm = 0; warm < 20; warm += 1) await timed(builtUrl);
  const built: number[] = [];
  for (let request = 0; request < 300; request += 1) built.push(await timed(builtUrl));

  // Editions never built nor asked for: each a new content hash, prepared and rendered in the (warm) worker.
  const fresh = ['es', 'zh-Hans', 'ru', 'vi', 'ar', 'ht'].flatMap((language) => ['lakeside', 'riverside'].map((clinic) => `/edition/file?${edition({ language, level: 'detailed', clinic, paper: 'a4' })}`));
  await timed(`/edition/file?${edition({ language: 'en', level: 'detailed', clinic: 'lakeside', paper: 'a4' })}`);
  const onDemand: number[] = [];
  for (const url of fresh) onDemand.push(await timed(url));

  const mixed = ['/search?q=espasmo', '/search?q=%E9%9D%A2%E8%82%8C%E7%97%89%E6%8C%9B&level=plain', `/topics/${TOPIC}`, `/edition?${edition()}`, builtUrl, `/edition/preview.png?${edition()}`, `/edition/file?${edition({ language: 'en' })}`];
  const run = async (requests: number, concurrency: number) => {
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) await timed(mixed[next++ % mixed.length]!);
      }),
    );
    return (requests / (performance.now() - start)) * 1000;
  };
  const memory = () => {
    globalThis.gc?.();
    return process.memoryUsage();
  };
  await run(100, 4);
  const after100 = memory();
  const throughput = await run(900, 4);
  const after1000 = memory();

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Front desk benchmark (${availableParallelism()} cores, ${cpu}, ${mb(totalmem())} RAM; Node ${process.version}; 1 render worker)`);
  console.log(`Built edition (output/), ${built.length} requests: p50 ${ms(percentile(built, 50))}, p95 ${ms(percentile(built, 95))} (target p95 < 100 ms)`);
  console.log(`Edition never built, rendered on demand, ${onDemand.length} editions: p50 ${ms(percentile(onDemand, 50))}, max ${ms(Math.max(...onDemand))} (target p50 < 1.5 s)`);
  console.log(`Mixed requests (search, topic, edition page, PDFs, preview), 4 at a time: ${throughput.toFixed(0)} requests/s`);
  const change = (after1000.rss - after100.rss) / after100.rss;
  console.log(`Memory after 100 requests: RSS ${mb(after100.rss)}, heap ${mb(after100.heapUsed)}; after 1,000: RSS ${mb(after1000.rss)}, heap ${mb(after1000.heapUsed)} (RSS ${(change * 100).toFixed(1)} %; target within 10 %)`);
  if (!globalThis.gc) console.log('(run with node --expose-gc, as npm run bench:serve does, for memory after a collection)');
  await desk.close();
} finally {
  await rm(root, { recursive: true, force: true });
}
