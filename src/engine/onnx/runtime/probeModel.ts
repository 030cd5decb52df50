/**
 * A minimal ONNX model (one Identity node on a float tensor of shape [1]), encoded by hand so that an
 * execution provider can be tried without any model folder: creating a session on it shows whether
 * the provider's libraries and device are really there.
 */

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 127) {
    bytes.push((rest & 127) | 128);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes;
}

/** Protobuf wire encoding of one varint field. */
function varintField(fieldNumber: number, value: number): number[] {
  return [...varint(fieldNumber * 8), ...varint(value)];
}

/** Protobuf wire encoding of one length-delimited field (bytes, string or sub-message). */
function bytesField(fieldNumber: number, payload: number[]): number[] {
  return [...varint(fieldNumber * 8 + 2), ...varint(payload.length), ...payload];
}

function stringField(fieldNumber: number, text: string): number[] {
  return bytesField(fieldNumber, [...Buffer.from(text, 'utf8')]);
}

/** ValueInfoProto{name, type: TypeProto{tensor_type{elem_type FLOAT, shape [1]}}}. */
function floatValueInfo(name: string): number[] {
  const dimension = bytesField(1, varintField(1, 1));
  const tensorType = [...varintField(1, 1), ...bytesField(2, dimension)];
  return [...stringField(1, name), ...bytesField(2, bytesField(1, tensorType))];
}

/** The serialized probe model: input `x`, output `y = Identity(x)`, float32 [1], opset 17. */
export function buildProbeModel(): Uint8Array {
  const node = [
    ...stringField(1, 'x'),
    ...stringField(2, 'y'),
    ...stringField(3, 'probe'),
    ...stringField(4, 'Identity'),
  ];
  const graph = [
    ...bytesField(1, node),
    ...stringField(2, 'provider_probe'),
    ...bytesField(11, floatValueInfo('x')),
    ...bytesField(12, floatValueInfo('y')),
  ];
  const model = [...varintField(1, 8), ...bytesField(8, varintField(2, 17)), ...bytesField(7, graph)];
  return Uint8Array.from(model);
}
