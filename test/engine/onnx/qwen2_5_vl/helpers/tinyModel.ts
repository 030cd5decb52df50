import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The committed tiny Qwen2.5-VL model folder. */
export const TINY_MODEL_DIR = resolve(__dirname, '../../../../../models/tiny-qwen2.5-vl');

/** Changes to make in a model copy: a path relative to the folder -> new content, or null to delete it. */
export type ModelEdits = Record<string, string | Uint8Array | null>;

function linkTree(source: string, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(source)) {
    const from = join(source, name);
    const to = join(target, name);
    if (statSync(from).isDirectory()) linkTree(from, to);
    else symlinkSync(from, to);
  }
}

/**
 * A temporary copy of the tiny model (files symlinked, so it is instant) with `edits` applied.
 * Returns the folder and a cleanup function.
 */
export function tinyModelVariant(edits: ModelEdits): { dir: string; cleanup: () => void } {
  const dir = join(mkdtempSync(join(tmpdir(), 'tiny-qwen-')), 'model');
  linkTree(TINY_MODEL_DIR, dir);
  for (const [path, content] of Object.entries(edits)) {
    const file = join(dir, path);
    try {
      unlinkSync(file);
    } catch {
      mkdirSync(dirname(file), { recursive: true });
    }
    if (content !== null) writeFileSync(file, content);
  }
  return { dir, cleanup: () => rmSync(dirname(dir), { recursive: true, force: true }) };
}

/** The tiny model's config.json with `change` applied to its parsed JSON. */
export function editedJson(file: string, change: (json: Record<string, unknown>) => void): string {
  const json = JSON.parse(readFileSync(join(TINY_MODEL_DIR, file), 'utf8')) as Record<string, unknown>;
  change(json);
  return JSON.stringify(json);
}
