import { closeSync, openSync, readSync, fstatSync } from 'node:fs';

/**
 * Finds the external data files an .onnx graph refers to, by walking its protobuf just deep enough
 * to read every TensorProto's `external_data` location (initializers, Constant-node attributes and
 * subgraphs). Large inline fields are skipped by offset, never read, so this is quick even for a
 * graph that carries its weights inline.
 */

// Field numbers from onnx.proto.
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_SPARSE_INITIALIZER = 15;
const NODE_ATTRIBUTE = 5;
const ATTRIBUTE_TENSOR = 5;
const ATTRIBUTE_GRAPH = 6;
const ATTRIBUTE_GRAPHS = 10;
const ATTRIBUTE_TENSORS = 11;
const ATTRIBUTE_SPARSE_TENSOR = 22;
const ATTRIBUTE_SPARSE_TENSORS = 23;
const SPARSE_VALUES = 1;
const SPARSE_INDICES = 2;
const TENSOR_EXTERNAL_DATA = 13;
const ENTRY_KEY = 1;
const ENTRY_VALUE = 2;

const WINDOW = 1 << 16;

/** Random access to a file through a small cached window (metadata reads are tiny and local). */
class WindowedFile {
  private windowStart = -1;
  private readonly window = Buffer.alloc(WINDOW);
  private windowLength = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  byteAt(position: number): number {
    if (position < this.windowStart || position >= this.windowStart + this.windowLength) {
      this.windowStart = position;
      this.windowLength = readSync(this.fd, this.window, 0, WINDOW, position);
    }
    const byte = this.window[position - this.windowStart];
    if (byte === undefined) {
      throw new Error(`unexpected end of file at byte ${position}`);
    }
    return byte;
  }

  bytes(start: number, end: number): Buffer {
    const out = Buffer.alloc(end - start);
    readSync(this.fd, out, 0, end - start, start);
    return out;
  }
}

interface Field {
  number: number;
  /** For length-delimited fields: the payload's byte range. */
  start: number;
  end: number;
  lengthDelimited: boolean;
}

function readVarint(file: WindowedFile, position: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  let at = position;
  for (;;) {
    const byte = file.byteAt(at++);
    value += (byte & 127) * scale;
    if (byte < 128) {
      return { value, next: at };
    }
    scale *= 128;
    if (at - position > 10) {
      throw new Error(`malformed varint at byte ${position}`);
    }
  }
}

/** Yields the fields of the message stored in [start, end). */
function* fields(file: WindowedFile, start: number, end: number): Generator<Field> {
  let at = start;
  while (at < end) {
    const key = readVarint(file, at);
    const number = Math.floor(key.value / 8);
    const wireType = key.value % 8;
    at = key.next;
    switch (wireType) {
      case 0:
        at = readVarint(file, at).next;
        yield { number, start: at, end: at, lengthDelimited: false };
        break;
      case 1:
        at += 8;
        break;
      case 5:
        at += 4;
        break;
      case 2: {
        const length = readVarint(file, at);
        const payloadEnd = length.next + length.value;
        if (payloadEnd > end) {
          throw new Error(`field ${number} at byte ${at} runs past its message`);
        }
        yield { number, start: length.next, end: payloadEnd, lengthDelimited: true };
        at = payloadEnd;
        break;
      }
      default:
        throw new Error(`unsupported protobuf wire type ${wireType} at byte ${at}`);
    }
  }
}

function collectTensor(file: WindowedFile, start: number, end: number, out: Set<string>): void {
  for (const field of fields(file, start, end)) {
    if (field.number !== TENSOR_EXTERNAL_DATA || !field.lengthDelimited) {
      continue;
    }
    let key = '';
    let value = '';
    for (const entry of fields(file, field.start, field.end)) {
      if (entry.number === ENTRY_KEY) key = file.bytes(entry.start, entry.end).toString('utf8');
      if (entry.number === ENTRY_VALUE) value = file.bytes(entry.start, entry.end).toString('utf8');
    }
    if (key === 'location' && value !== '') {
      out.add(value);
    }
  }
}

function collectSparse(file: WindowedFile, start: number, end: number, out: Set<string>): void {
  for (const field of fields(file, start, end)) {
    if (field.number === SPARSE_VALUES || field.number === SPARSE_INDICES) {
      collectTensor(file, field.start, field.end, out);
    }
  }
}

function collectGraph(file: WindowedFile, start: number, end: number, out: Set<string>): void {
  for (const field of fields(file, start, end)) {
    if (field.number === GRAPH_INITIALIZER) {
      collectTensor(file, field.start, field.end, out);
    } else if (field.number === GRAPH_SPARSE_INITIALIZER) {
      collectSparse(file, field.start, field.end, out);
    } else if (field.number === GRAPH_NODE) {
      for (const attribute of fields(file, field.start, field.end)) {
        if (attribute.number === NODE_ATTRIBUTE) {
          collectAttribute(file, attribute.start, attribute.end, out);
        }
      }
    }
  }
}

function collectAttribute(file: WindowedFile, start: number, end: number, out: Set<string>): void {
  for (const field of fields(file, start, end)) {
    if (!field.lengthDelimited) continue;
    if (field.number === ATTRIBUTE_TENSOR || field.number === ATTRIBUTE_TENSORS) {
      collectTensor(file, field.start, field.end, out);
    } else if (field.number === ATTRIBUTE_GRAPH || field.number === ATTRIBUTE_GRAPHS) {
      collectGraph(file, field.start, field.end, out);
    } else if (field.number === ATTRIBUTE_SPARSE_TENSOR || field.number === ATTRIBUTE_SPARSE_TENSORS) {
      collectSparse(file, field.start, field.end, out);
    }
  }
}

/**
 * The external data locations (relative to the graph's folder) that an .onnx file refers to, in
 * first-seen order. Throws when the file is not a readable ONNX protobuf.
 */
export function listExternalDataFiles(onnxPath: string): string[] {
  const fd = openSync(onnxPath, 'r');
  try {
    const file = new WindowedFile(fd, fstatSync(fd).size);
    const out = new Set<string>();
    let sawGraph = false;
    for (const field of fields(file, 0, file.size)) {
      if (field.number === MODEL_GRAPH && field.lengthDelimited) {
        sawGraph = true;
        collectGraph(file, field.start, field.end, out);
      }
    }
    if (!sawGraph) {
      throw new Error('no graph found: not an ONNX model');
    }
    return [...out];
  } finally {
    closeSync(fd);
  }
}
