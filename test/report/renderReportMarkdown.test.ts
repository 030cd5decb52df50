import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildReport } from '../../src/report/buildReport';
import { renderReportMarkdown } from '../../src/report/renderReportMarkdown';
import { writeReportFiles } from '../../src/report/writeReportFiles';
import { ReportSchema } from '../../src/schemas/report';
import { ANSWERS_ROWS, ITEMS, RUN } from './reportFixture';

const report = buildReport({
  run: RUN,
  answers: ANSWERS_ROWS,
  items: ITEMS,
  generatedAt: new Date('2025-03-01T13:00:00.000Z'),
});

describe('renderReportMarkdown', () => {
  const markdown = renderReportMarkdown(report);

  it('shows the headline numbers', () => {
    expect(markdown).toMatch(/^# Evaluation report: run-0123456789ab$/m);
    expect(markdown).toContain('| Questions | 6 total: 4 answered, 1 failed, 1 pending |');
    expect(markdown).toContain('| Devices | cuda:0, cuda:1 |');
    expect(markdown).toContain('| Wall time | 35.0 s |');
    expect(markdown).toContain('| Questions/s (wall clock) | 0.114 |');
    expect(markdown).toContain('| Questions/s (busy time) | 0.160 |');
    expect(markdown).toContain('| Prompt tokens/s | 11.4 |');
    expect(markdown).toContain('| Generated tokens/s | 2.9 |');
    expect(markdown).toContain('| 10000 | 14250 | 14850 | 10000 | 15000 | 4 |');
    expect(markdown).toContain('| decode | 1400 | 54.9% |');
    expect(markdown).toContain('| w1 | cuda:0 | 2 | 3 | 0 | 75.0% | 0.200 |');
    expect(markdown).toContain('| all | 3 | 66.7% | 0.667 |');
    expect(markdown).toContain('| shape | 1 | 0.0% | 0.000 |');
    expect(markdown).toContain('1 question(s) needed more than one try (1 extra tries)');
  });

  it('escapes pipes in messages so the failure table keeps its columns', () => {
    expect(markdown).toContain('| `q4` | IMAGE_DECODE | 1 | Cannot read image b.png: truncated \\| bad |');
  });

  it('renders a run without results or references', () => {
    const empty = renderReportMarkdown(buildReport({ run: { ...RUN, status: 'running' }, answers: [] }));
    expect(empty).toContain('| Questions/s (wall clock) | n/a |');
    expect(empty).toContain('No worker has stored a result yet.');
    expect(empty).toContain('No answered question has a reference answer.');
    expect(empty).toContain('No failed questions.');
  });

  it('lists at most 50 failures and says how many more there are', () => {
    const failures = Array.from({ length: 60 }, (_, i) => ({
      questionId: `f${i}`,
      code: 'X',
      message: 'line one\nline two',
      attempts: 1,
    }));
    const text = renderReportMarkdown({ ...report, failures });
    expect(text).toContain('| `f49` | X | 1 | line one line two |');
    expect(text).not.toContain('`f50`');
    expect(text).toContain('… and 10 more (see report.json).');
  });
});

describe('writeReportFiles', () => {
  it('writes report.json (valid against the schema) and report.md into the run folder', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vqa-report-'));
    try {
      const runDir = path.join(dir, 'runs', RUN.runId);
      const files = await writeReportFiles(runDir, report);
      expect(files).toEqual({
        jsonPath: path.join(runDir, 'report.json'),
        markdownPath: path.join(runDir, 'report.md'),
      });
      expect(ReportSchema.parse(JSON.parse(readFileSync(files.jsonPath, 'utf8')))).toEqual(report);
      expect(readFileSync(files.markdownPath, 'utf8')).toBe(renderReportMarkdown(report));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
