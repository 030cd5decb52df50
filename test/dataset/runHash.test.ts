import { deterministicRunId, runManifestHash } from '../../src/dataset/runHash';
import { DEFAULT_GENERATION } from '../../src/schemas/generation';

const DATASET = 'a'.repeat(64);
const MODEL = 'b'.repeat(64);

describe('runManifestHash', () => {
  it('applies generation defaults before hashing, so {} equals the explicit defaults', () => {
    expect(runManifestHash(DATASET, MODEL, {})).toBe(runManifestHash(DATASET, MODEL, DEFAULT_GENERATION));
    expect(runManifestHash(DATASET, MODEL, { seed: 0, maxNewTokens: 128 })).toBe(
      runManifestHash(DATASET, MODEL, {}),
    );
  });

  it('changes with the dataset, the model and every generation setting', () => {
    const base = runManifestHash(DATASET, MODEL, {});
    const variants = [
      runManifestHash('c'.repeat(64), MODEL, {}),
      runManifestHash(DATASET, 'c'.repeat(64), {}),
      runManifestHash(DATASET, MODEL, { maxNewTokens: 64 }),
      runManifestHash(DATASET, MODEL, { greedy: false }),
      runManifestHash(DATASET, MODEL, { temperature: 0.7 }),
      runManifestHash(DATASET, MODEL, { topP: 0.9 }),
      runManifestHash(DATASET, MODEL, { topK: 5 }),
      runManifestHash(DATASET, MODEL, { seed: 1 }),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
    for (const hash of variants) expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects invalid generation settings', () => {
    expect(() => runManifestHash(DATASET, MODEL, { maxNewTokens: 0 })).toThrow();
  });
});

describe('deterministicRunId', () => {
  it('is run- plus the first 12 hex digits, the same for the same hash', () => {
    const hash = runManifestHash(DATASET, MODEL, {});
    expect(deterministicRunId(hash)).toBe(`run-${hash.slice(0, 12)}`);
    expect(deterministicRunId(hash)).toBe(deterministicRunId(runManifestHash(DATASET, MODEL, {})));
  });

  it('refuses something that is not a hex hash', () => {
    expect(() => deterministicRunId('not-a-hash')).toThrow(/hex hash/);
  });
});
