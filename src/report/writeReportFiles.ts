import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Report } from '../schemas/report';
import { renderReportMarkdown } from './renderReportMarkdown';

/** Paths of the files `writeReportFiles` wrote. */
export interface ReportFiles {
  jsonPath: string;
  markdownPath: string;
}

/** Writes a file through a temporary name and a rename, so readers never see half a report. */
async function writeAtomically(file: string, content: string): Promise<void> {
  // Unique per call: two writers of the same file (a retried activity) never share a temporary.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}

/** Writes `report.json` and `report.md` into `runDir` (created if needed). */
export async function writeReportFiles(runDir: string, report: Report): Promise<ReportFiles> {
  await mkdir(runDir, { recursive: true });
  const jsonPath = path.join(runDir, 'report.json');
  const markdownPath = path.join(runDir, 'report.md');
  await writeAtomically(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  await writeAtomically(markdownPath, renderReportMarkdown(report));
  return { jsonPath, markdownPath };
}
