/** Heartbeat details of a batch activity (visible in the UI's pending activity view). */
export interface BatchHeartbeat {
  batchId: string;
  /** Decode steps done so far. */
  step: number;
}

/**
 * Wraps a heartbeat function so that calling it on every decode step sends at most one heartbeat per
 * `intervalMs` (the SDK throttles too, but each call still serializes its details).
 */
export function throttledHeartbeat(
  send: (details: BatchHeartbeat) => void,
  intervalMs: number,
  now: () => number = Date.now,
): (details: BatchHeartbeat) => void {
  let last = -Infinity;
  return (details) => {
    const t = now();
    if (t - last >= intervalMs) {
      last = t;
      send(details);
    }
  };
}
