/**
 * Child process of `runBatches` (fuzz-run.ts): builds each batch with the
 * library's `build` and reports every edition and message to the parent over
 * IPC, so the parent can kill it when it hangs and tell a crash (the process
 * dies, or `build` throws) from an edition that fails with a message.
 */
import { build, openProject } from '../../src/index.ts';
import type { BatchEvent, FuzzBatch } from './fuzz-run.ts';

/** Peak resident memory of the process (its render workers are threads in it) and CPU time so far. */
const usage = () => {
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  return { peakRss: maxRSS * 1024, cpuMs: (userCPUTime + systemCPUTime) / 1000 };
};

const send = (event: BatchEvent) => new Promise<void>((resolve) => process.send!(event, () => resolve()));

process.on('message', async (batches: FuzzBatch[]) => {
  for (const [index, batch] of batches.entries()) {
    await send({ type: 'start', batch: index });
    try {
      const project = await openProject(batch.root);
      const pending: Promise<void>[] = [];
      const result = await build(project, batch.selection, {
        jobs: batch.jobs,
        onEdition: (outcome) => {
          pending.push(
            send({
              type: 'edition',
              batch: index,
              spec: outcome.spec,
              ...(outcome.entry ? { path: outcome.entry.path } : {}),
              ...(outcome.error !== undefined ? { error: outcome.error } : {}),
              ...(outcome.stats ? { renderMs: outcome.stats.renderMs } : {}),
            }),
          );
        },
      });
      await Promise.all(pending);
      const messages = result.files.flatMap((file) =>
        file.messages.map((message) => ({
          file: file.path,
          line: message.line ?? null,
          fatal: message.fatal ?? null,
          ruleId: message.ruleId ?? null,
          reason: message.reason,
        })),
      );
      await send({ type: 'end', batch: index, messages, ...usage() });
    } catch (error) {
      await send({ type: 'crash', batch: index, stack: error instanceof Error ? (error.stack ?? error.message) : String(error), ...usage() });
    }
  }
  process.disconnect();
});
