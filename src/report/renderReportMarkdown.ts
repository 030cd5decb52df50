import type { Report } from '../schemas/report';

/** Failures listed in the Markdown report; the JSON report has them all. */
const MAX_FAILURES_SHOWN = 50;
const MAX_MESSAGE_CHARS = 200;

function num(value: number | null, digits = 2): string {
  return value === null ? 'n/a' : value.toFixed(digits);
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** A table cell: pipes escaped, line breaks flattened, long text cut. */
function cell(text: string, max = MAX_MESSAGE_CHARS): string {
  const flat = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function table(header: string[], rows: string[][]): string {
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
  return lines.join('\n');
}

function summary(report: Report): string {
  const q = report.questions;
  return table(
    ['Summary', 'Value'],
    [
      ['Run', `\`${cell(report.runId)}\``],
      ['Status', report.status],
      ['Model', `${cell(report.model)} (${report.engine}, model hash ${report.modelHash.slice(0, 12)})`],
      ['Devices', report.devices.length > 0 ? report.devices.map((d) => cell(d)).join(', ') : 'none'],
      ['Dataset', `${cell(report.dataset.path)} (hash ${report.dataset.hash.slice(0, 12)})`],
      ['Questions', `${q.total} total: ${q.answered} answered, ${q.failed} failed, ${q.pending} pending`],
      ['Started', report.startedAt ?? 'n/a'],
      ['Finished', report.finishedAt ?? 'n/a'],
      ['Wall time', report.wallSeconds === null ? 'n/a' : `${num(report.wallSeconds, 1)} s`],
      ['Max new tokens', String(report.generation.maxNewTokens)],
    ],
  );
}

function throughputSection(report: Report): string {
  const t = report.throughput;
  return [
    '## Throughput',
    '',
    table(
      ['Metric', 'Value'],
      [
        ['Questions/s (wall clock)', num(t.questionsPerSecond, 3)],
        ['Questions/s (busy time)', num(t.busyQuestionsPerSecond, 3)],
        ['Prompt tokens/s', num(t.promptTokensPerSecond, 1)],
        ['Generated tokens/s', num(t.generatedTokensPerSecond, 1)],
        ['Busy time', t.busySeconds === null ? 'n/a' : `${num(t.busySeconds, 1)} s`],
        ['Prompt tokens', String(t.promptTokens)],
        ['Generated tokens', String(t.generatedTokens)],
      ],
    ),
    '',
    'Wall clock runs from the first batch start to the last batch end; busy time is the union of all batch intervals.',
  ].join('\n');
}

function latencySection(report: Report): string {
  const l = report.latency;
  return [
    '## Latency',
    '',
    table(
      ['p50 ms', 'p95 ms', 'p99 ms', 'mean ms', 'max ms', 'questions'],
      [
        [
          num(l.p50Ms, 0),
          num(l.p95Ms, 0),
          num(l.p99Ms, 0),
          num(l.meanMs, 0),
          num(l.maxMs, 0),
          String(l.count),
        ],
      ],
    ),
    '',
    `Latency ${l.definition}. Percentiles: ${l.method}.`,
  ].join('\n');
}

function timeSplitSection(report: Report): string {
  const rows = Object.entries(report.timeSplit).map(([stage, t]) => [
    stage,
    num(t.ms, 0),
    `${t.percent.toFixed(1)}%`,
  ]);
  return ['## Time split', '', table(['Stage', 'ms', 'share'], rows)].join('\n');
}

function workersSection(report: Report): string {
  if (report.workers.length === 0) return '## Workers\n\nNo worker has stored a result yet.';
  const rows = report.workers.map((w) => [
    cell(w.identity),
    cell(w.device),
    String(w.batches),
    String(w.answered),
    String(w.failed),
    pct(w.share),
    num(w.questionsPerSecond, 3),
  ]);
  return [
    '## Workers',
    '',
    table(['Worker', 'Device', 'Batches', 'Answered', 'Failed', 'Share', 'Questions/s (busy)'], rows),
  ].join('\n');
}

function accuracySection(report: Report): string {
  const a = report.accuracy;
  if (a === null) return '## Accuracy\n\nNo answered question has a reference answer.';
  const rows = [
    ['all', String(a.questions), pct(a.exactMatch), a.anls.toFixed(3)],
    ...a.byCategory.map((c) => [cell(c.category), String(c.questions), pct(c.exactMatch), c.anls.toFixed(3)]),
  ];
  const unanswered =
    a.unanswered > 0
      ? ` ${a.unanswered} question(s) with a reference have no answer and are not scored.`
      : '';
  return [
    '## Accuracy',
    '',
    table(['Category', 'Questions', 'Exact match', 'ANLS'], rows),
    '',
    `Normalization: ${a.normalization}${unanswered}`,
  ].join('\n');
}

function failuresSection(report: Report): string {
  const r = report.retries;
  const retries = `Retries: ${r.questionsRetried} question(s) needed more than one try (${r.extraAttempts} extra tries).`;
  if (report.failures.length === 0) return `## Failures and retries\n\nNo failed questions. ${retries}`;
  const shown = report.failures.slice(0, MAX_FAILURES_SHOWN);
  const rows = shown.map((f) => [`\`${cell(f.questionId)}\``, f.code, String(f.attempts), cell(f.message)]);
  const more =
    report.failures.length > shown.length
      ? `\n\n… and ${report.failures.length - shown.length} more (see report.json).`
      : '';
  return [
    '## Failures and retries',
    '',
    retries,
    '',
    table(['Question', 'Code', 'Tries', 'Message'], rows) + more,
  ].join('\n');
}

/** The report as Markdown: a summary table, then throughput, latency, time split, workers, accuracy, failures. */
export function renderReportMarkdown(report: Report): string {
  return [
    `# Evaluation report: ${report.runId}`,
    '',
    summary(report),
    '',
    throughputSection(report),
    '',
    latencySection(report),
    '',
    timeSplitSection(report),
    '',
    workersSection(report),
    '',
    accuracySection(report),
    '',
    failuresSection(report),
    '',
    `_Generated ${report.generatedAt}._`,
    '',
  ].join('\n');
}
