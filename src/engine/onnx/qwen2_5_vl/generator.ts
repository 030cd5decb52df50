import { performance } from 'node:perf_hooks';
import type { GenerationSettings } from '../../../schemas/generation';
import { selectRows } from './kvCache';
import { prefill } from './prefill';
import type { PrefillOptions, Prefilled, SequenceRequest } from './prefill';
import type { QwenGraphs } from './qwenGraphs';
import { chooseToken } from './sampler';

/** What generation produced for one request. */
export interface SequenceResult {
  /** Generated ids, the end-of-sequence token included when one ended the answer. */
  tokenIds: number[];
  finishReason: 'eos' | 'length';
  prefillMs: number;
  decodeMs: number;
}

/** Batch-wide generation settings. */
export interface GenerateOptions extends PrefillOptions {
  settings: GenerationSettings;
  eosTokenIds: ReadonlySet<number>;
  /** Called after each decoder step with the number of steps done. */
  onStep?: (step: number) => void;
}

/**
 * Generates answers for a batch of requests (any mix of files): prefill (shared prefix or full
 * prompts), then one decoder step per new token for all unfinished rows at once. A row stops at an
 * end-of-sequence id or its token budget; on the host, finished rows are dropped from the cache so
 * they cost nothing more. Aborts between steps when `signal` fires.
 */
export async function generate(
  graphs: QwenGraphs,
  requests: readonly SequenceRequest[],
  options: GenerateOptions,
): Promise<SequenceResult[]> {
  const results: SequenceResult[] = requests.map(() => ({
    tokenIds: [],
    finishReason: 'length',
    prefillMs: 0,
    decodeMs: 0,
  }));
  if (requests.length === 0) return results;
  const prefillMs = requests.map(() => 0);
  const prefilled = await prefill(graphs, requests, options, prefillMs);
  prefillMs.forEach((ms, index) => ((results[index] as SequenceResult).prefillMs = ms));
  try {
    await decodeLoop(graphs, requests, options, prefilled, results);
  } finally {
    graphs.release(prefilled.cache);
  }
  return results;
}

/** Token by token until every row has finished; the cache in `state` is replaced as it grows. */
async function decodeLoop(
  graphs: QwenGraphs,
  requests: readonly SequenceRequest[],
  options: GenerateOptions,
  state: Prefilled,
  results: SequenceResult[],
): Promise<void> {
  let { rows, logits, mask, nextPositions } = state;
  const finished = new Set<number>();
  let step = 0;
  for (;;) {
    const started = performance.now();
    const working = rows.filter((row) => !finished.has(row));
    rows.forEach((row, b) => {
      if (finished.has(row)) return;
      const request = requests[row] as SequenceRequest;
      const result = results[row] as SequenceResult;
      const token = chooseToken(logits[b] as Float32Array, options.settings, request.random);
      result.tokenIds.push(token);
      if (options.eosTokenIds.has(token)) {
        result.finishReason = 'eos';
        finished.add(row);
      } else if (result.tokenIds.length >= request.maxNewTokens) {
        result.finishReason = 'length';
        finished.add(row);
      }
    });
    if (finished.size === requests.length) {
      chargeDecode(results, working, performance.now() - started);
      return;
    }
    options.signal?.throwIfAborted();

    if (!state.cache.onDevice && rows.some((row) => finished.has(row))) {
      const keep = rows.flatMap((row, b) => (finished.has(row) ? [] : [b]));
      state.cache = selectRows(graphs.kvLayout, state.cache, keep);
      mask = mask.select(keep);
      nextPositions = keep.map((b) => nextPositions[b] as number);
      rows = keep.map((b) => rows[b] as number);
    }
    const batch = rows.length;
    // Finished rows that stay (device caches) keep feeding their last token; their output is ignored.
    const ids = rows.map((row) => (results[row] as SequenceResult).tokenIds.at(-1) ?? options.padTokenId);
    mask = mask.extended();
    const embeds = await graphs.embed(ids, batch, 1);
    const result = await graphs.decode({
      embeds,
      batch,
      width: 1,
      attentionMask: mask,
      positionIds: [...nextPositions, ...nextPositions, ...nextPositions],
      past: state.cache,
    });
    graphs.release(state.cache);
    state.cache = result.cache;
    logits = result.logits;
    nextPositions = nextPositions.map((position) => position + 1);
    step += 1;
    chargeDecode(results, working, performance.now() - started);
    options.onStep?.(step);
  }
}

function chargeDecode(results: SequenceResult[], rows: readonly number[], elapsedMs: number): void {
  if (rows.length === 0) return;
  const share = elapsedMs / rows.length;
  for (const row of rows) (results[row] as SequenceResult).decodeMs += share;
}
