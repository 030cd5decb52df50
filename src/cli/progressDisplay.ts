import { SingleBar } from 'cli-progress';
import type { RunProgress } from '../workflows/definitions';
import { formatDuration } from './formatDuration';

/** One line describing progress, for logs and non-terminal output. */
export function progressLine(progress: RunProgress): string {
  const processed = progress.done + progress.failed;
  const percent = progress.total > 0 ? ((100 * processed) / progress.total).toFixed(1) : '0.0';
  return (
    `${processed}/${progress.total} (${percent}%) answered ${progress.done}, failed ${progress.failed} | ` +
    `${progress.questionsPerSecond.toFixed(2)} q/s | ETA ${formatDuration(progress.etaSeconds)} | ` +
    `in flight ${progress.inFlight} | ${progress.paused ? 'paused' : progress.phase}`
  );
}

/**
 * Shows progress: a live bar on a terminal, otherwise a line whenever the count changes (at most
 * every `lineEveryMs`).
 */
export class ProgressDisplay {
  private bar: SingleBar | undefined;
  private lastLineAt = 0;
  private lastProcessed = -1;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly lineEveryMs = 5_000,
  ) {}

  /** Shows the latest progress (nothing until the plan has counted the questions). */
  update(progress: RunProgress): void {
    if (progress.total === 0 && progress.phase === 'planning') {
      return;
    }
    const processed = progress.done + progress.failed;
    const payload = {
      failed: progress.failed,
      qps: progress.questionsPerSecond.toFixed(2),
      etaText: formatDuration(progress.etaSeconds),
      inFlight: progress.inFlight,
      state: progress.paused ? 'paused' : progress.phase,
    };
    if (this.stream.isTTY) {
      if (this.bar === undefined) {
        this.bar = new SingleBar({
          stream: this.stream,
          format:
            '{bar} {value}/{total} | failed {failed} | {qps} q/s | ETA {etaText} | in flight {inFlight} | {state}',
          hideCursor: true,
          barsize: 30,
        });
        this.bar.start(progress.total, processed, payload);
      }
      this.bar.setTotal(progress.total);
      this.bar.update(processed, payload);
      return;
    }
    const now = Date.now();
    if (processed !== this.lastProcessed && now - this.lastLineAt >= this.lineEveryMs) {
      this.stream.write(`${progressLine(progress)}\n`);
      this.lastLineAt = now;
      this.lastProcessed = processed;
    }
  }

  /** A note under the bar (e.g. waiting for a worker). */
  note(text: string): void {
    if (this.bar === undefined) {
      this.stream.write(`${text}\n`);
    }
  }

  /** Removes the bar, leaving the terminal clean for what follows. */
  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
