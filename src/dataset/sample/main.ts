import path from 'node:path';
import { BUNDLED_SAMPLE_DIR } from './bundledSample';
import { generateSample } from './generateSample';

/**
 * Command-line entry: `node dist/dataset/sample/main.js [outDir]` regenerates the shapes sample
 * (default: the bundled `samples/shapes`).
 */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const outDir = path.resolve(argv[0] ?? BUNDLED_SAMPLE_DIR);
  const result = await generateSample(outDir, {
    onImage: (done, total) => {
      if (done % 20 === 0 || done === total) process.stderr.write(`rendered ${done}/${total}\n`);
    },
  });
  process.stdout.write(
    `wrote ${result.images} images and ${result.questions} questions (${(result.totalBytes / 1e6).toFixed(2)} MB) ` +
      `to ${outDir}\n`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
