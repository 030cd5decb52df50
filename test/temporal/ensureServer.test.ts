import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectClient, probeServer } from '../../src/temporal/client';
import { devServerFiles, ensureServer } from '../../src/temporal/ensureServer';
import { VQA_SEARCH_ATTRIBUTES } from '../../src/temporal/searchAttributes';
import { TemporalServerError } from '../../src/errors';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

describe('ensureServer (embedded Temporal dev server)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vqa-ensure-server-'));
  let startedPid: number | undefined;

  afterAll(() => {
    if (startedPid !== undefined) {
      process.kill(startedPid, 'SIGTERM');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts a detached dev server with its database in the data folder, then reuses it', async () => {
    const config = { address: `localhost:${await freePort()}`, namespace: 'default' };
    expect(await probeServer(config, 500)).toBe(false);

    const first = await ensureServer(config, { dataDir });
    startedPid = first.startedPid;
    expect(first.startedPid).toEqual(expect.any(Number));
    expect(await probeServer(config)).toBe(true);
    expect(existsSync(devServerFiles(dataDir).dbFile)).toBe(true);

    const { connection } = await connectClient(config);
    try {
      const attributes = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      for (const key of VQA_SEARCH_ATTRIBUTES) {
        expect(Object.keys(attributes.customAttributes ?? {})).toContain(key.name);
      }
    } finally {
      await connection.close();
    }

    const second = await ensureServer(config, { dataDir });
    expect(second.startedPid).toBeUndefined();
  }, 90_000);

  it('refuses to start a server for an address that is not local', async () => {
    await expect(
      ensureServer({ address: 'temporal.invalid:7233', namespace: 'default' }, { dataDir }),
    ).rejects.toThrow(TemporalServerError);
  });
});
