import { ProgressTracker } from '../../src/workflows/progressTracker';

const fresh = { execution: 1, startedAtMs: 0, processed: 0, pausedMs: 0, paused: false };
const batch = { batchId: 'b', questions: 4, generatedTokens: 0, wallMs: 0, queueMs: 0, workerIdentity: 'w' };
const timings = { preprocessMs: 0, visionMs: 0, prefillMs: 0, decodeMs: 0 };

describe('ProgressTracker', () => {
  it('counts stored answers from the plan and answers of finished batches', () => {
    const tracker = new ProgressTracker('r', fresh, 0);
    tracker.planned({ totalQuestions: 10, answered: 2, failed: 1, remaining: 7, batches: [] });
    tracker.batchStarted(4);
    expect(tracker.snapshot(1000)).toMatchObject({
      done: 2,
      failed: 1,
      total: 10,
      inFlight: 1,
      inFlightQuestions: 4,
    });
    tracker.batchCompleted({ ...batch, answered: 3, failed: 1, skipped: 0, timings });
    tracker.batchEnded(4);
    const progress = tracker.snapshot(2000);
    expect(progress).toMatchObject({ done: 5, failed: 2, inFlight: 0, phase: 'running' });
    // 4 questions processed in 2 s: 2 q/s, 3 left -> 1.5 s.
    expect(progress.questionsPerSecond).toBeCloseTo(2);
    expect(progress.etaSeconds).toBeCloseTo(1.5);
  });

  it('leaves paused time out of the rate and carries it to the next execution', () => {
    const tracker = new ProgressTracker('r', fresh, 0);
    tracker.planned({ totalQuestions: 8, answered: 0, failed: 0, remaining: 8, batches: [] });
    tracker.batchCompleted({ ...batch, answered: 4, failed: 0, skipped: 0, timings });
    tracker.pause(1000);
    expect(tracker.paused).toBe(true);
    expect(tracker.snapshot(9000).questionsPerSecond).toBeCloseTo(4);
    tracker.resume(9000);
    expect(tracker.snapshot(10_000).questionsPerSecond).toBeCloseTo(2);
    tracker.pause(10_000);
    const carried = tracker.carry(12_000);
    expect(carried).toEqual({ execution: 2, startedAtMs: 0, processed: 4, pausedMs: 10_000, paused: true });
    const next = new ProgressTracker('r', carried, 12_000);
    expect(next.paused).toBe(true);
  });

  it('has no ETA before anything was processed, and 0 when nothing is left', () => {
    const tracker = new ProgressTracker('r', fresh, 0);
    tracker.planned({ totalQuestions: 3, answered: 0, failed: 0, remaining: 3, batches: [] });
    expect(tracker.snapshot(500).etaSeconds).toBeNull();
    tracker.quarantined(3);
    expect(tracker.snapshot(1000)).toMatchObject({ failed: 3, etaSeconds: 0 });
  });
});
