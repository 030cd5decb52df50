import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { DATA_DIR_ENV, defaultDataDir } from '../store/paths';
import {
  TemporalConnectionConfigSchema,
  connectionConfigInput,
  type TemporalConnectionConfig,
} from '../temporal/connectionConfig';
import { parseFlags } from './parseFlags';

/** Options every command accepts (declared on the program). */
const GlobalFlagsSchema = z.looseObject({
  address: z.string().optional(),
  namespace: z.string().optional(),
  dataDir: z.string().min(1).optional(),
});

/** Where Temporal is and where results live, resolved from flags, environment and defaults. */
export interface GlobalSettings {
  temporal: TemporalConnectionConfig;
  /** Absolute data folder: results store, run folders, the dev server's database. */
  dataDir: string;
}

/** Declares the global options on the program. */
export function addGlobalOptions(program: Command): Command {
  return program
    .option('--address <host:port>', 'Temporal frontend (env TEMPORAL_ADDRESS; default localhost:7233)')
    .option('--namespace <name>', 'Temporal namespace (env TEMPORAL_NAMESPACE; default "default")')
    .option(
      '--data-dir <dir>',
      `folder for results, reports and the dev server database (env ${DATA_DIR_ENV}; default <project>/data)`,
    );
}

/** Resolves the global options seen by `command`. */
export function globalSettings(command: Command): GlobalSettings {
  const flags = parseFlags('(global options)', GlobalFlagsSchema, command.optsWithGlobals());
  return {
    temporal: parseFlags(
      '(global options)',
      TemporalConnectionConfigSchema,
      connectionConfigInput({ address: flags.address, namespace: flags.namespace }),
    ),
    dataDir: path.resolve(flags.dataDir ?? defaultDataDir()),
  };
}
