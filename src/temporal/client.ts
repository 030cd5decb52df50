import { Client, Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { TemporalConnectionConfig } from './connectionConfig';
import { VQA_SEARCH_ATTRIBUTES } from './searchAttributes';

/** A client connected to one namespace, and the connection to close when done. */
export interface ConnectedClient {
  client: Client;
  connection: Connection;
  config: TemporalConnectionConfig;
}

/** Connects a client; fails after `connectTimeoutMs` when nothing answers at the address. */
export async function connectClient(
  config: TemporalConnectionConfig,
  connectTimeoutMs = 10_000,
): Promise<ConnectedClient> {
  const connection = await Connection.connect({ address: config.address, connectTimeout: connectTimeoutMs });
  return { connection, client: new Client({ connection, namespace: config.namespace }), config };
}

/**
 * True when a Temporal frontend answers at the address and knows the namespace. Never throws: any
 * failure (refused, timeout, unknown namespace) reads as "not ready".
 */
export async function probeServer(config: TemporalConnectionConfig, timeoutMs = 1_500): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address: config.address, connectTimeout: timeoutMs });
    await connection.workflowService.describeNamespace({ namespace: config.namespace });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/**
 * Registers this project's search attributes in the namespace when they are missing (a server that
 * someone else started). Returns the names it added.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = VQA_SEARCH_ATTRIBUTES.filter((key) => !known.has(key.name));
  if (missing.length === 0) {
    return [];
  }
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type) ?? 0]),
    ),
  });
  return missing.map((key) => key.name);
}
