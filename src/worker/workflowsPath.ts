import path from 'node:path';

/**
 * The workflow bundle's entry, next to this file's folder: src/workflows/index.ts when running from
 * TypeScript sources (tests), dist/workflows/index.js when running the compiled CLI.
 */
export function workflowsPath(): string {
  return path.join(__dirname, '..', 'workflows', `index${path.extname(__filename)}`);
}
