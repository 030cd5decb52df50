import { currentDetails } from '../../src/workflows/currentDetails';
import type { RunProgress } from '../../src/workflows/definitions';

const progress: RunProgress = {
  runId: 'r1',
  done: 12,
  failed: 1,
  total: 40,
  questionsPerSecond: 2,
  etaSeconds: 13.5,
  inFlight: 1,
  inFlightQuestions: 4,
  paused: false,
  phase: 'running',
  execution: 2,
};

describe('currentDetails (the Temporal UI line)', () => {
  it('shows the phase and the counts', () => {
    expect(currentDetails(progress)).toBe(
      '**running**: 12/40 answered, 1 failed, 1 batch in flight (execution 2)',
    );
  });

  it('shows a paused run with the command that unpauses it', () => {
    expect(currentDetails({ ...progress, paused: true, inFlight: 0 })).toBe(
      '**paused**: no new batch starts (`vqa-eval unpause r1`); 12/40 answered, 1 failed, 0 batches in flight (execution 2)',
    );
  });
});
