import type { RunProgress } from './definitions';

/**
 * The "current details" line the Temporal UI shows on the workflow page (Markdown), from the progress
 * query's answer: what the run is doing, how far it is, and how to unpause it when paused.
 */
export function currentDetails(progress: RunProgress): string {
  const counts =
    `${progress.done}/${progress.total} answered, ${progress.failed} failed, ` +
    `${progress.inFlight} batch${progress.inFlight === 1 ? '' : 'es'} in flight (execution ${progress.execution})`;
  if (progress.paused && (progress.phase === 'planning' || progress.phase === 'running')) {
    return `**paused**: no new batch starts (\`vqa-eval unpause ${progress.runId}\`); ${counts}`;
  }
  return `**${progress.phase}**: ${counts}`;
}
