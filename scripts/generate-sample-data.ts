/**
 * Regenerates the bundled sample (samples/shapes). The logic lives in src/dataset/sample so the build
 * compiles it: run `npm run build && node dist/dataset/sample/main.js [outDir]`. This file is the same
 * entry for tools that run TypeScript directly.
 */
import { main } from '../src/dataset/sample/main';

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
