import { createHash } from 'node:crypto';
import { GenerationSettingsSchema } from '../schemas/generation';
import type { GenerationSettings } from '../schemas/generation';

/** JSON with object keys sorted at every level, so equal values always serialize the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The hash that identifies what a run computes: dataset content, model files and generation
 * settings (defaults applied first, so `{}` and the explicit defaults hash alike). Batch size, window
 * and worker count are left out on purpose: they change speed, not answers. A resume whose hash
 * differs from the stored run's is refused.
 */
export function runManifestHash(
  datasetHash: string,
  modelHash: string,
  generation: Partial<GenerationSettings>,
): string {
  const settings = GenerationSettingsSchema.parse(generation);
  const payload = canonicalJson({ v: 1, datasetHash, modelHash, generation: settings });
  return createHash('sha256').update(payload).digest('hex');
}

/**
 * Run id derived from a run manifest hash: `run-` + its first 12 hex digits. Starting the same run
 * twice yields the same id (and so the same Temporal workflow id), which attaches to the existing run
 * instead of duplicating it.
 */
export function deterministicRunId(manifestHash: string): string {
  if (!/^[0-9a-f]{12}/.test(manifestHash)) {
    throw new TypeError(`deterministicRunId: expected a hex hash, got '${manifestHash}'`);
  }
  return `run-${manifestHash.slice(0, 12)}`;
}
