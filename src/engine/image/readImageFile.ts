import { open } from 'node:fs/promises';
import { ImageDecodeError } from '../../errors';

/**
 * Reads a whole image file once into memory, refusing what cannot be an image before reading it:
 * a missing path, a directory, an empty file, a file over `maxFileBytes`. Each failure is an
 * ImageDecodeError naming the file and the reason.
 */
export async function readImageFile(file: string, maxFileBytes: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new ImageDecodeError(file, describeOpenError(error), error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new ImageDecodeError(file, 'not a regular file');
    }
    if (stats.size === 0) {
      throw new ImageDecodeError(file, 'the file is empty (0 bytes)');
    }
    if (stats.size > maxFileBytes) {
      throw new ImageDecodeError(
        file,
        `the file is ${stats.size} bytes, over the limit of ${maxFileBytes} bytes`,
      );
    }
    return await handle.readFile();
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    throw new ImageDecodeError(file, describeOpenError(error), error);
  } finally {
    await handle.close();
  }
}

function describeOpenError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'not a regular file (a directory)';
    default:
      return `cannot read the file (${error instanceof Error ? error.message : String(error)})`;
  }
}
