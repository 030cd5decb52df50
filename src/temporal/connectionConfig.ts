import { z } from 'zod';

/** Default frontend address of a local Temporal server (the dev server's default port). */
export const DEFAULT_TEMPORAL_ADDRESS = 'localhost:7233';
/** Namespace used unless `--namespace` or `TEMPORAL_NAMESPACE` says otherwise. */
export const DEFAULT_TEMPORAL_NAMESPACE = 'default';

/** Where to find Temporal: `host:port` and the namespace. */
export const TemporalConnectionConfigSchema = z
  .object({
    address: z
      .string()
      .regex(/^[^\s:]+:\d{1,5}$/, 'address must be host:port, e.g. localhost:7233')
      .default(DEFAULT_TEMPORAL_ADDRESS),
    namespace: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'namespace may hold letters, digits, ".", "_" and "-"')
      .default(DEFAULT_TEMPORAL_NAMESPACE),
  })
  .strict();

/** A validated Temporal address and namespace. */
export type TemporalConnectionConfig = z.infer<typeof TemporalConnectionConfigSchema>;

/**
 * Resolves the connection: flags first, then `TEMPORAL_ADDRESS` / `TEMPORAL_NAMESPACE`, then the
 * defaults. Throws a ZodError naming the bad field.
 */
export function resolveConnectionConfig(
  flags: { address?: string; namespace?: string },
  env: NodeJS.ProcessEnv = process.env,
): TemporalConnectionConfig {
  return TemporalConnectionConfigSchema.parse(connectionConfigInput(flags, env));
}

/** The unvalidated connection settings: flags first, then the environment (for a caller's own parse). */
export function connectionConfigInput(
  flags: { address?: string; namespace?: string },
  env: NodeJS.ProcessEnv = process.env,
): { address?: string; namespace?: string } {
  return {
    address: flags.address ?? nonEmpty(env.TEMPORAL_ADDRESS),
    namespace: flags.namespace ?? nonEmpty(env.TEMPORAL_NAMESPACE),
  };
}

/** Splits `host:port`. */
export function splitAddress(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
}

/** True for addresses this machine can serve itself with an embedded dev server. */
export function isLocalAddress(address: string): boolean {
  const { host } = splitAddress(address);
  return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '0.0.0.0';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
