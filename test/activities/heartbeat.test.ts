import { throttledHeartbeat } from '../../src/activities/heartbeat';

describe('throttledHeartbeat', () => {
  it('sends the first call and then at most one per interval', () => {
    let now = 0;
    const sent: number[] = [];
    const beat = throttledHeartbeat(
      (d) => sent.push(d.step),
      1000,
      () => now,
    );
    for (let step = 0; step < 30; step += 1) {
      now = step * 100;
      beat({ batchId: 'b', step });
    }
    expect(sent).toEqual([0, 10, 20]);
  });
});
