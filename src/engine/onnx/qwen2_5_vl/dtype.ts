import { z } from 'zod';

/** Graph variants of a transformers.js-style export, by the dtype names users pass (`--dtype`). */
export const DtypeSchema = z.enum(['fp32', 'fp16', 'q4f16', 'q4', 'int8', 'uint8', 'quantized', 'bnb4']);

/** A graph variant name. */
export type Dtype = z.infer<typeof DtypeSchema>;

/** File-name suffix of each variant: `onnx/decoder_model_merged{suffix}.onnx` (docs/MODEL_FORMAT.md). */
export const DTYPE_SUFFIX: Readonly<Record<Dtype, string>> = {
  fp32: '',
  fp16: '_fp16',
  q4f16: '_q4f16',
  q4: '_q4',
  int8: '_int8',
  uint8: '_uint8',
  quantized: '_quantized',
  bnb4: '_bnb4',
};
