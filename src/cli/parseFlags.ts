import type { z } from 'zod';
import { InputValidationError } from '../errors';

/** `maxNewTokens` -> `--max-new-tokens`: issues name the flag the user typed. */
export function flagName(field: string): string {
  return `--${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * Validates a command's options (as commander parsed them) with its zod schema. Every problem is
 * reported at once as an InputValidationError naming the flag.
 */
export function parseFlags<S extends z.ZodType>(command: string, schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) {
    return result.data;
  }
  throw new InputValidationError(
    `vqa-eval ${command}`,
    result.error.issues.map((issue) => {
      const field = issue.path.map(String).join('.');
      return field === '' ? { message: issue.message } : { field: flagName(field), message: issue.message };
    }),
  );
}
