import type { HeadlineMetrics } from '../activities/types';
import { formatDuration } from './formatDuration';
import type { WatchOutcome } from './watchRun';

/** The headline numbers of a finished run, one per line. */
export function headlineLines(headline: HeadlineMetrics): string[] {
  const accuracy =
    headline.accuracy === null ? 'n/a (no references)' : `${(100 * headline.accuracy).toFixed(1)}%`;
  return [
    `Run ${headline.runId} completed`,
    `  questions   ${headline.totalQuestions} (answered ${headline.answered}, failed ${headline.failed})`,
    `  accuracy    ${accuracy}`,
    `  throughput  ${headline.questionsPerSecond.toFixed(2)} questions/s over ${formatDuration(headline.wallSeconds)}`,
    `  report      ${headline.reportMarkdownPath}`,
    `              ${headline.reportJsonPath}`,
  ];
}

/** What to tell the user about how watching a run ended; the exit status to use. */
export function describeOutcome(
  outcome: WatchOutcome,
  runId: string,
  workerHint: string | undefined,
): { lines: string[]; exitCode: number } {
  switch (outcome.kind) {
    case 'completed':
      return { lines: headlineLines(outcome.result.headline), exitCode: 0 };
    case 'ended':
      return {
        lines: [`Run ${runId} ${outcome.status}: ${outcome.message}`, `  details: vqa-eval status ${runId}`],
        exitCode: 1,
      };
    case 'detached':
      return {
        lines: [
          `Detached from run ${runId}; it goes on in Temporal. Reattach with: vqa-eval watch ${runId}`,
          ...(workerHint === undefined
            ? []
            : [
                `The in-process worker stopped with this command: the run needs a worker to go on: ${workerHint}`,
              ]),
          `Stop it with: vqa-eval cancel ${runId}`,
        ],
        exitCode: 130,
      };
  }
}
