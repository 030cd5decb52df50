import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throwaway folder for dataset tests; `write` creates parent folders. */
export class TempFolder {
  readonly root = mkdtempSync(path.join(os.tmpdir(), 'vqa-dataset-'));

  /** Writes a file under the folder and returns its absolute path. */
  write(relative: string, content: string | Uint8Array): string {
    const file = path.join(this.root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** One JSONL line for a manifest row. */
export function jsonl(rows: object[]): string {
  return rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
}
