import { performance } from 'node:perf_hooks';
import type { FloatData } from '../runtime/tensors';
import { AttentionMask } from './attentionMask';
import { mergeImageFeatures } from './imageFeatures';
import { emptyKvCache, expandPrefixCaches } from './kvCache';
import type { KvCache } from './kvCache';
import { leftPaddedBatch, rightAlignedMask } from './promptLayout';
import type { RowTokens } from './promptLayout';
import type { QwenGraphs } from './qwenGraphs';
import { computeRopePositions } from './ropeIndex';
import type { RopePositions } from './ropeIndex';
import type { Uniform } from './sampler';

/** One image file's share of a batch: its prompt prefix and encoded image. */
export interface FilePrompt {
  /** Prompt ids up to and including <|vision_end|>, image placeholders expanded. */
  prefixIds: number[];
  prefixPositions: RopePositions;
  /** Vision encoder output, [image tokens, hidden], in the decoder's embedding type. */
  features: FloatData;
}

/** One question to generate an answer for. */
export interface SequenceRequest {
  file: FilePrompt;
  /** Question-specific prompt ids (after the prefix); no image tokens. */
  suffixIds: number[];
  /** New tokens allowed (already capped by the model's context). */
  maxNewTokens: number;
  /** This question's random source; undefined for greedy decoding. */
  random: Uniform | undefined;
}

/** What prefill needs besides the requests. */
export interface PrefillOptions {
  /** Run each file's prompt prefix once and copy its cache into that file's rows. */
  sharePrefix: boolean;
  padTokenId: number;
  signal?: AbortSignal;
}

/** The state after prefill: every row's first-token logits and the batch cache. */
export interface Prefilled {
  /** Request index of each batch row. */
  rows: number[];
  logits: Float32Array[];
  cache: KvCache;
  mask: AttentionMask;
  nextPositions: number[];
}

function suffixTokens(request: SequenceRequest, graphs: QwenGraphs): RowTokens {
  const { config } = graphs;
  const positions = computeRopePositions(
    request.suffixIds,
    [],
    {
      imageTokenId: config.imageTokenId,
      spatialMergeSize: config.vision.spatialMergeSize,
      tokensPerSecond: config.vision.tokensPerSecond,
    },
    request.file.prefixPositions.next,
  );
  return { ids: request.suffixIds, positions };
}

function concatPositions(a: RopePositions, b: RopePositions): RopePositions {
  return {
    temporal: [...a.temporal, ...b.temporal],
    height: [...a.height, ...b.height],
    width: [...a.width, ...b.width],
    next: b.next,
  };
}

/**
 * Shared prefix: each file's prefix runs once (batch 1), its cache is copied into the rows of that
 * file's questions, then all suffixes run as one batch. Row layout: [left pad][prefix][middle pad][suffix].
 */
async function prefillSharedPrefix(
  graphs: QwenGraphs,
  requests: readonly SequenceRequest[],
  options: Pick<PrefillOptions, 'padTokenId' | 'signal'>,
  prefillMs: number[],
): Promise<Prefilled> {
  const groups = new Map<FilePrompt, number[]>();
  requests.forEach((request, index) => {
    const group = groups.get(request.file) ?? [];
    group.push(index);
    groups.set(request.file, group);
  });
  const hidden = graphs.config.text.hiddenSize;
  const prefixes: Array<{ cache: KvCache; copies: number }> = [];
  for (const [file, members] of groups) {
    options.signal?.throwIfAborted();
    const started = performance.now();
    const batch = leftPaddedBatch(
      [{ ids: file.prefixIds, positions: file.prefixPositions }],
      options.padTokenId,
    );
    const embeds = await graphs.embed(batch.ids, 1, batch.width);
    mergeImageFeatures(embeds, batch.ids, 1, batch.width, hidden, graphs.config.imageTokenId, [
      file.features,
    ]);
    const result = await graphs.decode({
      embeds,
      batch: 1,
      width: batch.width,
      attentionMask: AttentionMask.fromRows(batch.masks),
      positionIds: batch.positionIds,
      past: emptyKvCache(graphs.kvLayout, 1),
      hostCache: true,
    });
    prefixes.push({ cache: result.cache, copies: members.length });
    const share = (performance.now() - started) / members.length;
    for (const member of members) prefillMs[member] = (prefillMs[member] ?? 0) + share;
  }

  options.signal?.throwIfAborted();
  const started = performance.now();
  const rows = [...groups.values()].flat();
  const pastLength = Math.max(...prefixes.map((prefix) => prefix.cache.length));
  const past = expandPrefixCaches(graphs.kvLayout, prefixes, pastLength);
  const pastMasks = rows.map((row) =>
    rightAlignedMask(requests[row]?.file.prefixIds.length ?? 0, pastLength),
  );
  const batch = leftPaddedBatch(
    rows.map((row) => suffixTokens(requests[row] as SequenceRequest, graphs)),
    options.padTokenId,
    pastMasks,
  );
  const embeds = await graphs.embed(batch.ids, batch.batch, batch.width);
  const result = await graphs.decode({
    embeds,
    batch: batch.batch,
    width: batch.width,
    attentionMask: AttentionMask.fromRows(batch.masks),
    positionIds: batch.positionIds,
    past,
  });
  const share = (performance.now() - started) / rows.length;
  for (const row of rows) prefillMs[row] = (prefillMs[row] ?? 0) + share;
  return {
    rows,
    logits: result.logits,
    cache: result.cache,
    mask: AttentionMask.fromRows(batch.masks),
    nextPositions: rows.map((row) => suffixTokens(requests[row] as SequenceRequest, graphs).positions.next),
  };
}

/** Without sharing: every row is its whole prompt, left-padded; the comparison point for sharing. */
async function prefillFullPrompts(
  graphs: QwenGraphs,
  requests: readonly SequenceRequest[],
  options: Pick<PrefillOptions, 'padTokenId' | 'signal'>,
  prefillMs: number[],
): Promise<Prefilled> {
  options.signal?.throwIfAborted();
  const started = performance.now();
  const tokens = requests.map((request) => {
    const suffix = suffixTokens(request, graphs);
    return {
      ids: [...request.file.prefixIds, ...suffix.ids],
      positions: concatPositions(request.file.prefixPositions, suffix.positions),
    };
  });
  const batch = leftPaddedBatch(tokens, options.padTokenId);
  const embeds = await graphs.embed(batch.ids, batch.batch, batch.width);
  mergeImageFeatures(
    embeds,
    batch.ids,
    batch.batch,
    batch.width,
    graphs.config.text.hiddenSize,
    graphs.config.imageTokenId,
    requests.map((request) => request.file.features),
  );
  const result = await graphs.decode({
    embeds,
    batch: batch.batch,
    width: batch.width,
    attentionMask: AttentionMask.fromRows(batch.masks),
    positionIds: batch.positionIds,
    past: emptyKvCache(graphs.kvLayout, batch.batch),
  });
  const share = (performance.now() - started) / requests.length;
  requests.forEach((_, index) => (prefillMs[index] = (prefillMs[index] ?? 0) + share));
  return {
    rows: requests.map((_, index) => index),
    logits: result.logits,
    cache: result.cache,
    mask: AttentionMask.fromRows(batch.masks),
    nextPositions: tokens.map((row) => row.positions.next),
  };
}

/**
 * Runs the prompts of a batch through the decoder: with `sharePrefix`, each file's prefix once and
 * then all suffixes as one batch; otherwise every whole prompt, left-padded. `prefillMs` (one entry
 * per request) receives each request's share of the time.
 */
export async function prefill(
  graphs: QwenGraphs,
  requests: readonly SequenceRequest[],
  options: PrefillOptions,
  prefillMs: number[] = requests.map(() => 0),
): Promise<Prefilled> {
  return options.sharePrefix
    ? prefillSharedPrefix(graphs, requests, options, prefillMs)
    : prefillFullPrompts(graphs, requests, options, prefillMs);
}
