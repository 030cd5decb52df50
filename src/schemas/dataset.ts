import { z } from 'zod';

/** A required text field: says "is missing" when absent, "is empty" when blank; trims surrounding spaces. */
function requiredText(name: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'is missing' : `${name} must be a string`) })
    .trim()
    .min(1, `${name} is empty`);
}

/** An optional text field: absent is fine, but when present it must be non-blank text. */
function optionalText(name: string) {
  return z
    .string({ error: () => `${name} must be a string` })
    .trim()
    .min(1, `${name} is empty (leave the field out instead)`)
    .optional();
}

/** The fields a manifest row may have, in the order they are documented and hashed. */
export const MANIFEST_FIELDS = ['file', 'question_id', 'question', 'reference', 'category'] as const;

/**
 * One row of a dataset manifest, as the user writes it (JSONL, CSV or JSON array). `file` is relative
 * to the manifest's folder (or absolute inside it); it may not escape that folder. Unknown fields are
 * errors (a typo such as `refrence` would otherwise silently drop the references). Text fields are
 * trimmed.
 */
export const ManifestRowSchema = z
  .object({
    file: requiredText('file'),
    question_id: requiredText('question_id'),
    question: requiredText('question'),
    reference: optionalText('reference'),
    category: optionalText('category'),
  })
  .strict();

/** A manifest row as written by the user. */
export type ManifestRow = z.infer<typeof ManifestRowSchema>;

/** A validated dataset item with its file resolved. */
export interface DatasetItem {
  questionId: string;
  /** Absolute path of the image file. */
  imagePath: string;
  /** Path as written in the manifest (relative to the dataset root). */
  file: string;
  question: string;
  reference?: string;
  category?: string;
}

/** A loaded dataset: items in manifest order plus a content hash (file bytes and questions). */
export interface Dataset {
  /** Folder that file paths are relative to. */
  root: string;
  /** The manifest or questions file that was read. */
  source: string;
  items: DatasetItem[];
  /** sha256 over every item's question fields and its file's bytes. */
  hash: string;
}
