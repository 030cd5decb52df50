import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listExternalDataFiles } from '../../../../src/engine/onnx/runtime/onnxExternalData';
import { buildProbeModel } from '../../../../src/engine/onnx/runtime/probeModel';

// A hand-encoded protobuf, just enough to put external-data tensors where ONNX allows them.
function varint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest > 127) {
    out.push((rest & 127) | 128);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}
const bytesField = (field: number, payload: number[]): number[] => [
  ...varint(field * 8 + 2),
  ...varint(payload.length),
  ...payload,
];
const stringField = (field: number, text: string): number[] => bytesField(field, [...Buffer.from(text)]);
const varintField = (field: number, value: number): number[] => [...varint(field * 8), ...varint(value)];
/** TensorProto{name, data_location EXTERNAL, external_data {location: file}, raw_data padding}. */
const externalTensor = (name: string, file: string): number[] => [
  ...stringField(8, name),
  ...bytesField(13, [...stringField(1, 'location'), ...stringField(2, file)]),
  ...bytesField(13, [...stringField(1, 'offset'), ...stringField(2, '0')]),
  ...varintField(14, 1),
];

describe('listExternalDataFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onnx-external-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds locations in initializers, Constant-node attributes and subgraphs, once each', () => {
    const subgraph = bytesField(5, externalTensor('w3', 'sub.onnx_data'));
    const node = [
      ...stringField(4, 'If'),
      ...bytesField(5, [
        ...stringField(1, 'value'),
        ...bytesField(5, externalTensor('c', 'model.onnx_data_1')),
      ]),
      ...bytesField(5, [...stringField(1, 'then_branch'), ...bytesField(6, subgraph)]),
    ];
    const graph = [
      ...bytesField(1, node),
      ...bytesField(5, externalTensor('w1', 'model.onnx_data')),
      ...bytesField(5, externalTensor('w2', 'model.onnx_data')),
      // A large inline raw_data field is skipped over, not parsed.
      ...bytesField(5, [...stringField(8, 'inline'), ...bytesField(9, new Array<number>(200000).fill(7))]),
    ];
    const file = join(dir, 'model.onnx');
    writeFileSync(file, Uint8Array.from([...varintField(1, 8), ...bytesField(7, graph)]));
    expect(listExternalDataFiles(file)).toEqual(['model.onnx_data_1', 'sub.onnx_data', 'model.onnx_data']);
  });

  it('returns nothing for a self-contained graph', () => {
    const file = join(dir, 'probe.onnx');
    writeFileSync(file, buildProbeModel());
    expect(listExternalDataFiles(file)).toEqual([]);
  });

  it('rejects files that are not ONNX protobufs', () => {
    const file = join(dir, 'not.onnx');
    writeFileSync(file, '{"this": "is json"}');
    expect(() => listExternalDataFiles(file)).toThrow();
  });
});
