import {
  argmax,
  chooseToken,
  drawFromWeights,
  questionRandom,
  samplingWeights,
} from '../../../../src/engine/onnx/qwen2_5_vl/sampler';

const logitsOf = (probabilities: number[]): Float32Array => Float32Array.from(probabilities.map(Math.log));
const kept = (weights: Float64Array): number[] => [...weights.keys()].filter((i) => (weights[i] ?? 0) > 0);

describe('argmax', () => {
  it('returns the first index of the largest logit', () => {
    expect(argmax(Float32Array.from([0.1, 3, -1, 3]))).toBe(1);
  });
});

describe('samplingWeights', () => {
  it('applies temperature to the logits before normalizing', () => {
    const weights = samplingWeights(Float32Array.from([0, 1]), { temperature: 0.5, topK: 0, topP: 1 });
    expect((weights[0] ?? 0) / (weights[1] ?? 1)).toBeCloseTo(Math.exp(-2), 10);
  });

  it('top-k keeps every token at least as large as the k-th largest (ties included)', () => {
    const logits = Float32Array.from([1, 3, 2, 3]);
    expect(kept(samplingWeights(logits, { temperature: 1, topK: 2, topP: 1 }))).toEqual([1, 3]);
    expect(kept(samplingWeights(logits, { temperature: 1, topK: 3, topP: 1 }))).toEqual([1, 2, 3]);
    expect(kept(samplingWeights(logits, { temperature: 1, topK: 0, topP: 1 }))).toEqual([0, 1, 2, 3]);
  });

  it('top-p keeps the most probable tokens until the mass before them reaches p', () => {
    const logits = logitsOf([0.15, 0.5, 0.05, 0.3]);
    expect(kept(samplingWeights(logits, { temperature: 1, topK: 0, topP: 0.75 }))).toEqual([1, 3]);
    expect(kept(samplingWeights(logits, { temperature: 1, topK: 0, topP: 0.85 }))).toEqual([0, 1, 3]);
    // The most probable token always stays.
    expect(kept(samplingWeights(logits, { temperature: 1, topK: 0, topP: 0.1 }))).toEqual([1]);
  });

  it('top-p finds the nucleus in a large vocabulary with a long tail', () => {
    const logits = new Float32Array(150000).fill(-20);
    logits[42] = 5;
    logits[7] = 4.5;
    const weights = samplingWeights(logits, { temperature: 1, topK: 0, topP: 0.9 });
    // exp(5) vs exp(4.5) vs 149998 * exp(-20): the two top tokens hold about 99.9999%.
    expect(kept(weights)).toEqual([7, 42]);
  });

  it('top-k and top-p combine (top-k first)', () => {
    const logits = logitsOf([0.4, 0.3, 0.2, 0.1]);
    expect(kept(samplingWeights(logits, { temperature: 1, topK: 3, topP: 0.6 }))).toEqual([0, 1]);
  });
});

describe('drawing', () => {
  it('maps the uniform number onto the cumulative weights', () => {
    const weights = Float64Array.from([0, 2, 0, 1, 1]);
    expect(drawFromWeights(weights, 0)).toBe(1);
    expect(drawFromWeights(weights, 0.49)).toBe(1);
    expect(drawFromWeights(weights, 0.5)).toBe(3);
    expect(drawFromWeights(weights, 0.999999)).toBe(4);
  });

  it('draws tokens with their probabilities', () => {
    const random = questionRandom(1, 'frequency');
    const logits = logitsOf([0.5, 0.3, 0.2]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20000; i++) {
      const token = chooseToken(logits, { greedy: false, temperature: 1, topK: 0, topP: 1 }, random);
      counts[token] = (counts[token] ?? 0) + 1;
    }
    expect((counts[0] ?? 0) / 20000).toBeCloseTo(0.5, 1);
    expect((counts[1] ?? 0) / 20000).toBeCloseTo(0.3, 1);
    expect((counts[2] ?? 0) / 20000).toBeCloseTo(0.2, 1);
  });

  it('is greedy when asked, whatever the random source', () => {
    const logits = logitsOf([0.2, 0.7, 0.1]);
    const settings = { greedy: true, temperature: 1, topK: 0, topP: 1 };
    expect(chooseToken(logits, settings, questionRandom(0, 'q'))).toBe(1);
  });
});

describe('questionRandom', () => {
  const draws = (random: () => number, n: number): number[] => Array.from({ length: n }, () => random());

  it('repeats for the same seed and question, and differs for another seed or question', () => {
    const first = draws(questionRandom(7, 'q1'), 5);
    expect(draws(questionRandom(7, 'q1'), 5)).toEqual(first);
    expect(draws(questionRandom(8, 'q1'), 5)).not.toEqual(first);
    expect(draws(questionRandom(7, 'q2'), 5)).not.toEqual(first);
    for (const value of first) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('gives a question the same tokens whatever other questions share its batch', () => {
    const settings = { greedy: false, temperature: 1.3, topK: 50, topP: 0.95 };
    const steps = Array.from({ length: 12 }, (_, step) =>
      Float32Array.from({ length: 300 }, (_, i) => Math.sin(i * 0.37 + step) * 3),
    );
    const alone = ((): number[] => {
      const random = questionRandom(3, 'target');
      return steps.map((logits) => chooseToken(logits, settings, random));
    })();
    // The same question decoded in a batch with two others, drawing after them at every step.
    const randoms = [questionRandom(3, 'other-a'), questionRandom(3, 'other-b'), questionRandom(3, 'target')];
    const batched = steps.map((logits) => randoms.map((random) => chooseToken(logits, settings, random))[2]);
    expect(batched).toEqual(alone);
  });
});
