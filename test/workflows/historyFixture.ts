import { readFileSync } from 'node:fs';
import type { temporal } from '@temporalio/proto';

/**
 * Reads a history in proto JSON (as `temporal workflow show --output json` writes it).
 *
 * Why not `historyFromJSON` of @temporalio/common: in this install @temporalio/common and
 * @temporalio/proto each carry their own copy of protobufjs, so common's `protojson.fromJson` rejects
 * proto's types ("type must be a Type"). Parsing with the protojson of the copy that @temporalio/proto
 * uses gives the same History object.
 */
export function readHistoryFixture(file: string): temporal.api.history.v1.History {
  /* eslint-disable @typescript-eslint/no-require-imports -- resolved next to @temporalio/proto on purpose */
  const protoEntry = require.resolve('@temporalio/proto');
  const protojson = require(require.resolve('protobufjs/ext/protojson', { paths: [protoEntry] })) as {
    fromJson: (type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }) => unknown;
  };
  const proto = require('@temporalio/proto') as Record<string, unknown>;
  const { patchProtobufRoot } = require('@temporalio/proto/lib/patch-protobuf-root') as {
    patchProtobufRoot: (root: unknown) => { lookupType: (name: string) => unknown };
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const historyType = patchProtobufRoot(proto).lookupType('temporal.api.history.v1.History');
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return protojson.fromJson(historyType, json, {
    ignoreUnknownFields: true,
  }) as temporal.api.history.v1.History;
}
