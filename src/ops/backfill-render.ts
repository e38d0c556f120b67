/**
 * The backfill as people watch it: a progress bar on a terminal (cli-progress, on stderr), plain
 * lines otherwise (a log file, CI), and the final summary.
 */
import { SingleBar } from 'cli-progress';
import type { BackfillReport } from './backfill';

export interface ProgressView {
  update(p: { done: number; total: number }): void;
  stop(): void;
}

export function progressView(stream: NodeJS.WriteStream = process.stderr): ProgressView {
  if (stream.isTTY) {
    const bar = new SingleBar({ stream, format: 'backfill [{bar}] {percentage}% | {value}/{total} contacts | ETA {eta_formatted}', hideCursor: true, clearOnComplete: false });
    let started = false;
    return {
      update: ({ done, total }) => {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else {
          bar.setTotal(total);
          bar.update(done);
        }
      },
      stop: () => {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  return {
    update: ({ done, total }) => void stream.write(`backfill: ${done}/${total} contacts\n`),
    stop: () => undefined,
  };
}

const tally = (m: Record<string, number>): string =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

export function renderBackfill(r: BackfillReport, opts: { interrupted?: boolean } = {}): string {
  const recorded = Object.values(r.recorded).reduce((a, b) => a + b, 0);
  const handed = Object.values(r.handedToPipeline).reduce((a, b) => a + b, 0);
  const lines = [
    r.complete
      ? `Backfill complete: ${r.walked} contacts modified ${r.since.slice(0, 10)} to ${r.until.slice(0, 16).replace('T', ' ')} UTC${r.pages === 0 ? ' (done by an earlier run; nothing to do)' : ''}.`
      : `Backfill stopped after ${r.walked} of ${r.total} contacts${opts.interrupted ? ' (interrupted)' : ''}: run the same command again to go on from there.`,
    `  this run: ${r.contacts} contacts in ${r.pages} page${r.pages === 1 ? '' : 's'}${r.resumed ? ', resumed from an earlier run' : ''} (${(r.durationMs / 1000).toFixed(1)} s)`,
    `  recorded as they stand in Salesforce, no decisions: ${recorded} (${tally(r.recorded)}); linked by External ID ${r.linkedByExternalId}, by email ${r.linkedByEmail}`,
    `  marketing-qualified with no Lead, handed to the pipeline: ${handed} (${tally(r.handedToPipeline)})`,
    `  already known to Handoff: ${r.alreadyKnown}; not marketing-qualified (left to the pipeline): ${r.notQualified}; ambiguous (left out): ${r.ambiguous}`,
    `  links written: ${r.links.salesforce} External IDs on Leads, ${r.links.hubspot} Lead ids on contacts`,
  ];
  if (r.failed.length > 0) {
    lines.push(`  FAILED ${r.failed.length}:`);
    for (const f of r.failed.slice(0, 20)) lines.push(`    contact ${f.contactId} (${f.system}): ${f.code} ${f.message}`);
  }
  return lines.join('\n');
}
