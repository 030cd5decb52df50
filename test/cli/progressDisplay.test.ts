import { PassThrough } from 'node:stream';
import { ProgressDisplay, progressLine } from '../../src/cli/progressDisplay';
import type { RunProgress } from '../../src/workflows/definitions';

const progress = (over: Partial<RunProgress>): RunProgress => ({
  runId: 'r',
  done: 0,
  failed: 0,
  total: 0,
  questionsPerSecond: 0,
  etaSeconds: null,
  inFlight: 0,
  inFlightQuestions: 0,
  paused: false,
  phase: 'planning',
  execution: 1,
  ...over,
});

describe('progress display', () => {
  it('describes progress in one line with rate, ETA and state', () => {
    const line = progressLine(
      progress({
        done: 30,
        failed: 2,
        total: 64,
        questionsPerSecond: 4,
        etaSeconds: 8,
        inFlight: 2,
        phase: 'running',
      }),
    );
    expect(line).toBe('32/64 (50.0%) answered 30, failed 2 | 4.00 q/s | ETA 8s | in flight 2 | running');
    expect(progressLine(progress({ total: 4, paused: true, phase: 'running' }))).toContain('| paused');
  });

  it('writes lines off a terminal, nothing before the plan has counted the questions', () => {
    const stream = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream;
    const written: string[] = [];
    (stream as unknown as PassThrough).on('data', (chunk: Buffer) => written.push(chunk.toString()));
    const display = new ProgressDisplay(stream, 0);
    display.update(progress({}));
    display.update(progress({ total: 8, done: 4, phase: 'running' }));
    display.update(progress({ total: 8, done: 4, phase: 'running' }));
    display.stop();
    expect(written).toEqual([
      '4/8 (50.0%) answered 4, failed 0 | 0.00 q/s | ETA ? | in flight 0 | running\n',
    ]);
  });
});
