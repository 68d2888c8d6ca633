import { SingleBar } from 'cli-progress';
import type { EditionOutcome, RunResult } from '../index.ts';

function describe(edition: EditionOutcome): string {
  const { spec } = edition;
  const name = `${spec.topic} ${spec.language} ${spec.level} ${spec.format}`;
  if (!edition.entry) return `failed  ${name}: ${edition.error}`;
  const draft = edition.entry.translation.status === 'draft' ? ' DRAFT' : '';
  return `${edition.unchanged ? 'same   ' : 'built  '} ${name}  →  output/${edition.entry.path}  (${edition.entry.pages === null ? 'web page' : `${edition.entry.pages} pages`}${draft})`;
}

/** A progress bar on a terminal; a line per edition elsewhere (CI logs). */
export function buildProgress(terminal: boolean) {
  if (!terminal) {
    return {
      update: (edition: EditionOutcome) => process.stdout.write(`${describe(edition)}\n`),
      stop: () => {},
    };
  }
  const bar = new SingleBar({
    format: 'editions {bar} {value}/{total} | {rate}/s | ETA {eta_formatted}',
    hideCursor: true,
    clearOnComplete: true,
  });
  const started = performance.now();
  let active = false;
  return {
    update: (edition: EditionOutcome, done: number, total: number) => {
      if (!active) {
        bar.start(total, 0, { rate: '0.0' });
        active = true;
      }
      // Failures stay on screen above the bar.
      if (edition.error) process.stdout.write(`\n${describe(edition)}\n`);
      // The total is exact once every topic is read: until then it counts every level of the topics not read yet.
      bar.setTotal(total);
      bar.update(done, { rate: (done / ((performance.now() - started) / 1000)).toFixed(1) });
    },
    stop: () => {
      if (active) bar.stop();
    },
  };
}

export function buildSummary(result: RunResult, milliseconds: number): string {
  const count = (test: (edition: EditionOutcome) => boolean) => result.editions.filter(test).length;
  const unchanged = count((edition) => edition.unchanged === true);
  const built = count((edition) => edition.entry !== undefined) - unchanged;
  const warnings = result.files.reduce((total, file) => total + file.messages.filter((message) => message.fatal === false).length, 0);
  const rows = [
    ['built', built],
    ['unchanged (skipped)', unchanged],
    ['failed', count((edition) => edition.error !== undefined)],
    ['warnings', warnings],
  ] as const;
  const table = rows.map(([label, value]) => `  ${label.padEnd(20)} ${String(value).padStart(6)}`).join('\n');
  // Topics skipped without reading are not checked again: their earlier warnings are only in the manifest.
  const earlier = new Set(result.editions.filter((edition) => edition.reused).flatMap((edition) => [...(edition.entry?.warnings ?? []), ...(edition.entry?.notes ?? [])])).size;
  const earlierNote = earlier > 0 ? `${earlier} earlier ${earlier === 1 ? 'warning' : 'warnings'} of unchanged topics are listed in output/manifest.json (warnings and notes)\n` : '';
  return `\n${table}\n  ${'time'.padEnd(20)} ${`${(milliseconds / 1000).toFixed(2)} s`.padStart(6)}\n${built} built, ${unchanged} unchanged, ${count((edition) => edition.error !== undefined)} failed\n${earlierNote}`;
}
