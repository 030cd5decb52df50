import type { Command } from 'commander';
import { z } from 'zod';
import { probeServer } from '../../temporal/client';
import { splitAddress } from '../../temporal/connectionConfig';
import { spawnDevServerForeground } from '../../temporal/devServer';
import { devServerFiles } from '../../temporal/ensureServer';
import { ensureTemporalCli } from '../../temporal/temporalCli';
import { globalSettings } from '../globalOptions';
import { parseFlags } from '../parseFlags';

const ServerFlagsSchema = z
  .object({
    port: z.coerce.number().int().min(1).max(65535).optional(),
    uiPort: z.coerce.number().int().min(1).max(65535).optional(),
    ip: z.string().min(1).default('localhost'),
    headless: z.boolean().default(false),
  })
  .strict();

/** `vqa-eval server`: the embedded Temporal dev server in the foreground, history kept in the data folder. */
export function registerServerCommand(program: Command): void {
  program
    .command('server')
    .description(
      'run the Temporal dev server in the foreground (temporal server start-dev) with its database in ' +
        '<data-dir>/temporal.sqlite, so run history survives restarts, and the search attributes registered',
    )
    .option('--port <n>', 'gRPC port (default: the port of --address, 7233)')
    .option('--ui-port <n>', 'Web UI port (default: port + 1000, 8233)')
    .option('--ip <ip>', 'interface to bind', 'localhost')
    .option('--headless', 'no Web UI')
    .action(async (raw: unknown, command: Command) => {
      const flags = parseFlags('server', ServerFlagsSchema, raw);
      const settings = globalSettings(command);
      const port = flags.port ?? splitAddress(settings.temporal.address).port;
      const address = `${flags.ip}:${port}`;
      if (await probeServer({ address, namespace: settings.temporal.namespace })) {
        console.log(`A Temporal server already answers at ${address}; nothing to start.`);
        return;
      }
      const { dbFile } = devServerFiles(settings.dataDir);
      const uiPort = flags.uiPort ?? port + 1000;
      console.log(
        `Temporal dev server on ${address}, history in ${dbFile}` +
          (flags.headless ? '' : `, UI http://localhost:${uiPort}`),
      );
      const child = spawnDevServerForeground({
        cliPath: ensureTemporalCli(),
        dbFile,
        port,
        uiPort,
        ip: flags.ip,
        namespaces: [settings.temporal.namespace],
        headless: flags.headless,
      });
      // Ctrl+C reaches the server through the terminal's process group; SIGTERM is passed on here.
      const forward = (): void => void child.kill('SIGTERM');
      process.once('SIGTERM', forward);
      const code = await new Promise<number>((resolve) =>
        child.once('exit', (exitCode) => resolve(exitCode ?? 0)),
      );
      process.removeListener('SIGTERM', forward);
      process.exitCode = code;
    });
}
