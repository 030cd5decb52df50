/**
 * `npm run bench:orchestration`: what the durable path costs. The same questions are answered twice
 * in one process with one loaded engine: (a) by calling the engine directly, batch after batch, and
 * (b) through the full workflow (Temporal dev server, one in-process worker, plan/batch activities,
 * SQLite store writes), with the same batches (same planner, same batch size). Prints both times and
 * the overhead. With `--scale`, also measures the overhead per question at 1,000 and 10,000
 * generated questions (max-new-tokens 1) and whether it grows, and checks that every workflow
 * execution's history stays bounded (continue-as-new).
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { Command } from 'commander';
import { z } from 'zod';
import { planBatches } from '../activities/planBatches';
import { installWorkerRuntime } from '../cli/workerRuntime';
import { startOrAttachRun } from '../cli/startRun';
import { loadDataset } from '../dataset/loadDataset';
import { runManifestHash } from '../dataset/runHash';
import { createEngine } from '../engine/createEngine';
import type { QuestionItem, VqaEngine } from '../engine/types';
import { InputValidationError } from '../errors';
import type { Dataset } from '../schemas/dataset';
import { GenerationSettingsSchema, type GenerationSettings } from '../schemas/generation';
import { RunSpecSchema } from '../schemas/runSpec';
import { resultsDatabaseFile } from '../store/paths';
import { openResultStore } from '../store/sqliteStore';
import type { ResultStore } from '../store/types';
import { ensureServer, waitUntilReady } from '../temporal/ensureServer';
import { probeServer } from '../temporal/client';
import { spawnDevServerChild } from '../temporal/devServer';
import { chainHistoryLengths, type ExecutionHistory } from '../temporal/executionHistories';
import { evaluationWorkflowId } from '../temporal/names';
import { ensureTemporalCli } from '../temporal/temporalCli';
import { startWorkers, type RunningWorkers } from '../worker/startWorkers';
import { workflowsPath } from '../worker/workflowsPath';
import type { evaluationWorkflow } from '../workflows/evaluationWorkflow';

const projectRoot = path.resolve(__dirname, '..', '..');
const SAMPLE_MANIFEST = path.join(projectRoot, 'samples', 'shapes', 'manifest.jsonl');
/** Questions of the bundled sample (178 images x 4 questions). */
const SAMPLE_QUESTIONS = 712;

const BenchFlagsSchema = z
  .object({
    model: z
      .string()
      .min(1)
      .default(path.join(projectRoot, 'models', 'tiny-qwen2.5-vl')),
    questions: z.coerce.number().int().min(1).max(1_000_000).default(SAMPLE_QUESTIONS),
    maxNewTokens: z.coerce.number().int().min(1).max(4096).default(8),
    batchSize: z.coerce.number().int().min(1).max(4096).default(8),
    window: z.coerce.number().int().min(1).max(64).default(2),
    continueAsNewAfter: z.coerce.number().int().min(1).max(100_000).default(100),
    /** Times each side is measured (alternating which goes first); the best of each is compared. */
    rounds: z.coerce.number().int().min(1).max(20).default(2),
    threads: z.coerce.number().int().min(1).max(1024).optional(),
    scale: z.boolean().default(false),
    address: z.string().optional(),
  })
  .strict();

type BenchFlags = z.output<typeof BenchFlagsSchema>;

/** Events one batch activity may add to a history (scheduled/started/completed plus workflow tasks). */
const EVENTS_PER_BATCH_BOUND = 10;
/** Events of an execution besides its batches (start, plan, aggregate, continue-as-new, ...). */
const EVENTS_FIXED_BOUND = 100;

/**
 * Writes a dataset of `questions` questions: the bundled sample's images copied under distinct names
 * (`images/img-00001.jpg`, ...), each with its 4 questions under new ids (`s00001-<id>`), cut to
 * `questions`. Returns the manifest path. Used by the benchmark's scale runs and the scale test.
 */
export function writeSyntheticDataset(dir: string, questions: number): string {
  const rows = readFileSync(SAMPLE_MANIFEST, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { file: string; question_id: string } & Record<string, unknown>);
  const byFile = new Map<string, typeof rows>();
  for (const row of rows) {
    byFile.set(row.file, [...(byFile.get(row.file) ?? []), row]);
  }
  const files = [...byFile.keys()];
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  const lines: string[] = [];
  for (let copy = 0; lines.length < questions; copy++) {
    const source = files[copy % files.length] as string;
    const name = `images/img-${String(copy + 1).padStart(5, '0')}${path.extname(source)}`;
    copyFileSync(path.join(path.dirname(SAMPLE_MANIFEST), source), path.join(dir, name));
    for (const row of byFile.get(source) ?? []) {
      if (lines.length < questions) {
        const id = `s${String(copy + 1).padStart(5, '0')}-${row.question_id}`;
        lines.push(JSON.stringify({ ...row, file: name, question_id: id }));
      }
    }
  }
  const manifest = path.join(dir, 'manifest.jsonl');
  writeFileSync(manifest, `${lines.join('\n')}\n`);
  return manifest;
}

/** One side of a comparison. */
interface Timing {
  seconds: number;
  /** CPU time of this process meanwhile (the Temporal server's is not counted). */
  cpuSeconds: number;
  questionsPerSecond: number;
}

/** Both sides for one question set. */
interface Comparison {
  label: string;
  questions: number;
  batches: number;
  maxNewTokens: number;
  direct: Timing;
  /** The best run of each side. */
  workflow: Timing & { executions: ExecutionHistory[]; answered: number; failed: number };
  /** Seconds of every run of each side, in order. */
  directRuns: number[];
  workflowRuns: number[];
  overheadPercent: number;
  overheadMsPerQuestion: number;
  historyBound: number;
}

/** What the workflow side needs, set up once: a server, a client, a store, an in-process worker. */
interface WorkflowSide {
  client: Client;
  store: ResultStore;
  workers: RunningWorkers;
  dataDir: string;
}

/** A stopwatch of wall time and of this process's CPU time (all threads: onnxruntime, the SDK, sqlite). */
function stopwatch(): () => { seconds: number; cpuSeconds: number } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { seconds: (performance.now() - wall) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
  };
}

function timing(questions: number, elapsed: { seconds: number; cpuSeconds: number }): Timing {
  return { ...elapsed, questionsPerSecond: questions / elapsed.seconds };
}

/** The engine called directly on the planner's batches, one after another. */
async function timeDirect(
  engine: VqaEngine,
  dataset: Dataset,
  batchSize: number,
  generation: GenerationSettings,
): Promise<{ timing: Timing; batches: number }> {
  const byId = new Map(dataset.items.map((item) => [item.questionId, item]));
  const batches = planBatches(dataset.items, batchSize, Number.MAX_SAFE_INTEGER, '').map((batch) =>
    batch.questionIds.map((id): QuestionItem => {
      const item = byId.get(id) as QuestionItem;
      return { questionId: item.questionId, imagePath: item.imagePath, question: item.question };
    }),
  );
  const elapsed = stopwatch();
  for (const items of batches) {
    const outcomes = await engine.answer(items, generation, { sharePrefix: true });
    const failed = outcomes.find((outcome) => outcome.status === 'failed');
    if (failed !== undefined && failed.status === 'failed') {
      throw new Error(`bench: ${failed.questionId} failed: ${failed.error.message}`);
    }
  }
  return {
    timing: timing(dataset.items.length, elapsed()),
    batches: batches.length,
  };
}

/** The same questions through the workflow: start, wait for the result, read each execution's history. */
async function timeWorkflow(
  side: WorkflowSide,
  engine: VqaEngine,
  runId: string,
  dataset: Dataset,
  flags: BenchFlags,
  generation: GenerationSettings,
): Promise<Comparison['workflow']> {
  const spec = RunSpecSchema.parse({
    runId,
    datasetPath: dataset.source,
    modelDir: engine.info.modelDir,
    engine: 'onnx',
    batchSize: flags.batchSize,
    window: flags.window,
    generation,
    manifestHash: runManifestHash(dataset.hash, engine.info.modelHash, generation),
    datasetHash: dataset.hash,
    modelHash: engine.info.modelHash,
    model: path.basename(engine.info.modelDir),
  });
  const elapsed = stopwatch();
  await startOrAttachRun(side.client, side.store, spec, dataset.items.length, {
    tuning: { continueAsNewAfterBatches: flags.continueAsNewAfter },
  });
  const handle = side.client.workflow.getHandle<typeof evaluationWorkflow>(evaluationWorkflowId(runId));
  const result = await handle.result();
  const measured = timing(dataset.items.length, elapsed());
  return {
    ...measured,
    executions: await chainHistoryLengths(side.client, handle.workflowId),
    answered: result.headline.answered,
    failed: result.headline.failed,
  };
}

/**
 * Times both sides `flags.rounds` times, alternating which goes first (direct-workflow, then
 * workflow-direct, ...) so that drift in the machine's load falls on both; keeps each side's best.
 */
async function compare(
  label: string,
  manifest: string,
  engine: VqaEngine,
  side: WorkflowSide,
  flags: BenchFlags,
): Promise<Comparison> {
  const dataset = await loadDataset({ path: manifest });
  const generation = GenerationSettingsSchema.parse({ maxNewTokens: flags.maxNewTokens });
  const directRuns: Array<Awaited<ReturnType<typeof timeDirect>>> = [];
  const workflowRuns: Array<Comparison['workflow']> = [];
  for (let round = 0; round < flags.rounds; round++) {
    const sides = [
      async () => void directRuns.push(await timeDirect(engine, dataset, flags.batchSize, generation)),
      async () => {
        const runId = `bench-${label.replace(/\W+/g, '-')}-${round + 1}-${process.pid}`;
        const workflow = await timeWorkflow(side, engine, runId, dataset, flags, generation);
        if (workflow.answered !== dataset.items.length || workflow.failed > 0) {
          throw new Error(`bench: the workflow answered ${workflow.answered}, failed ${workflow.failed}`);
        }
        workflowRuns.push(workflow);
      },
    ];
    for (const run of round % 2 === 0 ? sides : sides.reverse()) {
      await run();
    }
  }
  const direct = directRuns.reduce((best, run) => (run.timing.seconds < best.timing.seconds ? run : best));
  const workflow = workflowRuns.reduce((best, run) => (run.seconds < best.seconds ? run : best));
  return {
    label,
    questions: dataset.items.length,
    batches: direct.batches,
    maxNewTokens: flags.maxNewTokens,
    direct: direct.timing,
    workflow,
    directRuns: directRuns.map((run) => run.timing.seconds),
    workflowRuns: workflowRuns.map((run) => run.seconds),
    overheadPercent: (100 * (workflow.seconds - direct.timing.seconds)) / direct.timing.seconds,
    overheadMsPerQuestion: (1000 * (workflow.seconds - direct.timing.seconds)) / dataset.items.length,
    historyBound: flags.continueAsNewAfter * EVENTS_PER_BATCH_BOUND + EVENTS_FIXED_BOUND,
  };
}

function printComparison(c: Comparison): void {
  const maxEvents = Math.max(...c.workflow.executions.map((e) => e.events));
  console.log(
    [
      `${c.label}: ${c.questions} questions in ${c.batches} batches, max new tokens ${c.maxNewTokens}`,
      `  engine direct   ${c.direct.seconds.toFixed(2)} s  (${c.direct.questionsPerSecond.toFixed(1)} q/s, ` +
        `cpu ${c.direct.cpuSeconds.toFixed(1)} s)` +
        `  [runs: ${c.directRuns.map((t) => t.toFixed(2)).join(', ')} s]`,
      `  full workflow   ${c.workflow.seconds.toFixed(2)} s  (${c.workflow.questionsPerSecond.toFixed(1)} q/s, ` +
        `cpu ${c.workflow.cpuSeconds.toFixed(1)} s), ` +
        `${c.workflow.executions.length} execution(s), history ${c.workflow.executions.map((e) => e.events).join('/')} events ` +
        `(max ${maxEvents}, bound ${c.historyBound})  [runs: ${c.workflowRuns.map((t) => t.toFixed(2)).join(', ')} s]`,
      `  overhead        ${c.overheadPercent >= 0 ? '+' : ''}${c.overheadPercent.toFixed(1)}% ` +
        `(${c.overheadMsPerQuestion.toFixed(2)} ms per question)`,
    ].join('\n'),
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/**
 * The server to use: `--address` when one answers there (search attributes registered), otherwise
 * a private dev server on a free port with its database in `dir`, stopped when the bench ends.
 */
async function benchServer(
  flags: BenchFlags,
  dir: string,
): Promise<{ address: string; child?: ChildProcess; note: string }> {
  if (flags.address !== undefined && (await probeServer({ address: flags.address, namespace: 'default' }))) {
    await ensureServer({ address: flags.address, namespace: 'default' }, { dataDir: dir });
    return { address: flags.address, note: `the server at ${flags.address}` };
  }
  const port = await freePort();
  const address = `localhost:${port}`;
  const logFile = path.join(dir, 'temporal-server.log');
  const child = spawnDevServerChild(
    {
      cliPath: ensureTemporalCli(),
      dbFile: path.join(dir, 'temporal.sqlite'),
      port,
      uiPort: 0,
      headless: true,
    },
    logFile,
  );
  await waitUntilReady({ address, namespace: 'default' }, child.pid ?? -1, logFile, 60_000);
  return { address, child, note: `a private dev server on ${address} (SQLite database)` };
}

/** Stops a child process (SIGTERM) and waits until it is gone. */
async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('bench:orchestration')
    .option('--model <dir>', 'model folder (default: the tiny test model)')
    .option(
      '--questions <n>',
      `questions (default ${SAMPLE_QUESTIONS}: the bundled sample; other counts are generated)`,
    )
    .option('--max-new-tokens <n>', 'generated tokens per answer (default 8)')
    .option('--batch-size <n>', 'questions per batch, both sides (default 8)')
    .option(
      '--window <n>',
      'batch activities in flight (default 2; one inference worker takes one at a time)',
    )
    .option('--continue-as-new-after <n>', 'batch activities per workflow execution (default 100)')
    .option(
      '--rounds <n>',
      'measurements of each side, alternating which goes first; the best is kept (default 2)',
    )
    .option('--threads <n>', 'onnxruntime intra-op threads (default: one per core)')
    .option('--scale', 'also measure the overhead per question at 1,000 and 10,000 generated questions')
    .option('--address <host:port>', 'use this Temporal server instead of a private dev server')
    .parse(argv);
  const parsed = BenchFlagsSchema.safeParse(program.opts());
  if (!parsed.success) {
    throw new InputValidationError(
      'bench:orchestration',
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
    );
  }
  const flags = parsed.data;
  installWorkerRuntime('ERROR');
  const work = mkdtempSync(path.join(tmpdir(), 'vqa-bench-orchestration-'));
  const engine = await createEngine({
    kind: 'onnx',
    modelDir: flags.model,
    device: 'cpu',
    ...(flags.threads === undefined ? {} : { intraOpThreads: flags.threads }),
  });
  let server: Awaited<ReturnType<typeof benchServer>> | undefined;
  let workers: RunningWorkers | undefined;
  const store = openResultStore(resultsDatabaseFile(work));
  try {
    const noop = (): void => undefined;
    const quiet = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
    const bundle: WorkflowBundleWithSourceMap = await bundleWorkflowCode({
      workflowsPath: workflowsPath(),
      logger: quiet,
    });
    server = await benchServer(flags, work);
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, namespace: 'default' });
    workers = await startWorkers({
      connection: { address: server.address, namespace: 'default' },
      store,
      dataDir: work,
      loadDataset,
      light: true,
      inference: { engine },
      workflowBundle: bundle,
    });
    const side: WorkflowSide = { client, store, workers, dataDir: work };
    console.log(
      `Orchestration benchmark: ${path.basename(flags.model)} on cpu, batch size ${flags.batchSize}, window ` +
        `${flags.window}, continue-as-new after ${flags.continueAsNewAfter} batches; one in-process worker; ${server.note}`,
    );
    // Warm-up: sessions, allocator and the workflow path, before anything is timed.
    const warmup = writeSyntheticDataset(path.join(work, 'warmup'), 2 * flags.batchSize);
    await compare('warm-up', warmup, engine, side, { ...flags, maxNewTokens: 1, rounds: 1 });

    const manifest =
      flags.questions === SAMPLE_QUESTIONS
        ? SAMPLE_MANIFEST
        : writeSyntheticDataset(path.join(work, `generated-${flags.questions}`), flags.questions);
    const measured = await compare(
      flags.questions === SAMPLE_QUESTIONS ? 'bundled sample' : `generated ${flags.questions}`,
      manifest,
      engine,
      side,
      flags,
    );
    printComparison(measured);
    const results = [measured];

    if (flags.scale) {
      const scaled: Comparison[] = [];
      for (const questions of [1_000, 10_000]) {
        const generated = writeSyntheticDataset(path.join(work, `scale-${questions}`), questions);
        const result = await compare(`scale ${questions}`, generated, engine, side, {
          ...flags,
          maxNewTokens: 1,
        });
        printComparison(result);
        scaled.push(result);
      }
      const [small, large] = scaled as [Comparison, Comparison];
      const grows = large.overheadMsPerQuestion > 1.5 * Math.max(small.overheadMsPerQuestion, 0.5);
      console.log(
        `Overhead per question: ${small.overheadMsPerQuestion.toFixed(2)} ms at 1,000, ` +
          `${large.overheadMsPerQuestion.toFixed(2)} ms at 10,000 questions: ` +
          `${grows ? 'it GROWS with the run size' : 'it does not grow with the run size'}`,
      );
      results.push(...scaled);
    }
    const over = results.filter((r) => r.workflow.executions.some((e) => e.events > r.historyBound));
    if (over.length > 0) {
      console.log(`History over its bound in: ${over.map((r) => r.label).join(', ')}`);
      process.exitCode = 1;
    }
    await connection.close();
  } finally {
    await workers?.shutdown().catch(() => undefined);
    await engine.dispose();
    store.close();
    await stopChild(server?.child);
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(process.argv).then(
    () => process.exit(),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
