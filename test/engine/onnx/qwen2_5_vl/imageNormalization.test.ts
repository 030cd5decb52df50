import { buildNormalizationTable } from '../../../../src/engine/onnx/qwen2_5_vl/imageNormalization';
import { PreprocessorConfigSchema } from '../../../../src/engine/onnx/qwen2_5_vl/preprocessorConfig';

const VALUES = [0, 1, 127, 128, 254, 255];
// transformers 5.17 image_transforms.rescale(1/255) then normalize(OPENAI_CLIP_MEAN, OPENAI_CLIP_STD) on
// a uint8 image with these values, float32 results (NumPy).
const CLIP_REFERENCE = [
  [
    -1.7922625541687012, -1.777664065361023, 0.061737604439258575, 0.07633614540100098, 1.9157377481460571,
    1.9303361177444458,
  ],
  [
    -1.7520971298217773, -1.7370892763137817, 0.15388943254947662, 0.16889731585979462, 2.059875965118408,
    2.0748836994171143,
  ],
  [
    -1.480219841003418, -1.465999722480774, 0.3257285952568054, 0.33994877338409424, 2.1316771507263184,
    2.1458969116210938,
  ],
];
// rescale only, and normalize(127.5, 127.5) without rescale, on the same values.
const RESCALE_ONLY = [
  0.0, 0.003921568859368563, 0.49803921580314636, 0.501960813999176, 0.9960784316062927, 1.0,
];
const NORMALIZE_ONLY = [
  -1.0, -0.9921568632125854, -0.003921568859368563, 0.003921568859368563, 0.9921568632125854, 1.0,
];

const pick = (table: Float32Array, channel: number) => VALUES.map((v) => table[channel * 256 + v]);

describe('buildNormalizationTable', () => {
  it('equals NumPy bit for bit with the default Qwen2-VL config', () => {
    const table = buildNormalizationTable(PreprocessorConfigSchema.parse({}));
    for (let c = 0; c < 3; c++) expect(pick(table, c)).toEqual(CLIP_REFERENCE[c]);
  });

  it('applies only the steps that are on', () => {
    const rescaleOnly = buildNormalizationTable(PreprocessorConfigSchema.parse({ do_normalize: false }));
    expect(pick(rescaleOnly, 1)).toEqual(RESCALE_ONLY);
    const normalizeOnly = buildNormalizationTable(
      PreprocessorConfigSchema.parse({
        do_rescale: false,
        image_mean: [127.5, 127.5, 127.5],
        image_std: [127.5, 127.5, 127.5],
      }),
    );
    expect(pick(normalizeOnly, 2)).toEqual(NORMALIZE_ONLY);
    const neither = buildNormalizationTable(
      PreprocessorConfigSchema.parse({ do_rescale: false, do_normalize: false }),
    );
    expect(pick(neither, 0)).toEqual(VALUES);
  });
});
