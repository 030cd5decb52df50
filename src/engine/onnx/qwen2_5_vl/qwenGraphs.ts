import { Tensor } from 'onnxruntime-node';
import type { AttentionMask } from './attentionMask';
import { guardAllocation } from '../runtime/allocation';
import { loadSession } from '../runtime/sessions';
import type { LoadedSession } from '../runtime/sessions';
import { keepsOutputsOnDevice } from '../runtime/providers';
import type { Device, RuntimeOptions } from '../runtime/providers';
import {
  convertFloat,
  floatDataOf,
  floatTensor,
  fromFloat32,
  int64Tensor,
  toFloat32,
} from '../runtime/tensors';
import type { FloatData, FloatElementType } from '../runtime/tensors';
import { readGraphSpec } from './graphSpec';
import type { GraphSpec } from './graphSpec';
import type { KvCache, KvLayout } from './kvCache';
import { kvFromOutputs, releaseKvCache } from './kvCache';
import type { ModelConfig } from './modelConfig';
import type { ModelFiles } from './modelFiles';

/** Inputs of one decoder run over a batch. */
export interface DecoderRun {
  /** [batch, width, hidden] in the decoder's embedding type. */
  embeds: FloatData;
  batch: number;
  width: number;
  /** [batch, past + width], 1 = attend. */
  attentionMask: AttentionMask;
  /** [3, batch, width] mrope positions. */
  positionIds: readonly number[];
  past: KvCache;
  /**
   * Return the new cache on the host even where the device could keep it (needed when the cache
   * will be reshaped on the host, like a shared prefix).
   */
  hostCache?: boolean;
}

/** What a decoder run gives back. */
export interface DecoderResult {
  /** Logits of each row's last position, as float32. */
  logits: Float32Array[];
  cache: KvCache;
}

/**
 * The three ONNX graphs of a Qwen2.5-VL export, loaded on one device, with typed helpers around
 * them. Float16 graphs are converted at this boundary: callers see float32 pixels and logits, and
 * embeddings in whatever type the decoder takes.
 */
export class QwenGraphs {
  readonly kvLayout: KvLayout;

  private constructor(
    private readonly sessions: { vision: LoadedSession; embed: LoadedSession; decoder: LoadedSession },
    /** On devices that keep outputs, a second decoder session whose outputs come back to the host. */
    private readonly hostDecoder: LoadedSession | undefined,
    readonly spec: GraphSpec,
    readonly config: ModelConfig,
  ) {
    this.kvLayout = {
      type: spec.decoder.kvType,
      kvHeads: config.text.numKeyValueHeads,
      headDim: config.text.headDim,
      count: spec.decoder.pastNames.length,
    };
  }

  /**
   * Loads the graphs of a validated model folder on a device and checks them against config.json.
   * On WebGPU the decoder keeps its key/value outputs on the GPU between steps; a second decoder
   * session with host outputs serves the shared-prefix prefill, whose cache is copied into every
   * row of the batch on the host (onnxruntime-node cannot read gpu-buffers back).
   */
  static async load(model: ModelFiles, device: Device, runtime: RuntimeOptions): Promise<QwenGraphs> {
    const { modelDir, graphs } = model;
    const vision = await loadSession(modelDir, graphs.visionEncoder.file, device, runtime);
    const embed = await loadSession(modelDir, graphs.embedTokens.file, device, runtime);
    let presentOnDevice: Record<string, 'gpu-buffer'> | undefined;
    if (keepsOutputsOnDevice(device)) {
      presentOnDevice = {};
      for (let layer = 0; layer < model.config.text.numLayers; layer++) {
        presentOnDevice[`present.${layer}.key`] = 'gpu-buffer';
        presentOnDevice[`present.${layer}.value`] = 'gpu-buffer';
      }
    }
    const decoder = await loadSession(
      modelDir,
      graphs.decoder.file,
      device,
      runtime,
      presentOnDevice ? { preferredOutputLocation: presentOnDevice } : {},
    );
    let spec: GraphSpec;
    try {
      spec = readGraphSpec(modelDir, model.config, { vision, embed, decoder });
    } catch (error) {
      for (const loaded of [vision, embed, decoder]) await loaded.session.release();
      throw error;
    }
    const hostDecoder = presentOnDevice
      ? await loadSession(modelDir, graphs.decoder.file, device, runtime)
      : undefined;
    return new QwenGraphs({ vision, embed, decoder }, hostDecoder, spec, model.config);
  }

  /** Element type the decoder takes its embeddings in. */
  get embedsType(): FloatElementType {
    return this.spec.decoder.embedsType;
  }

  /**
   * Runs the vision encoder on one image's patches ([patches, C*T*P*P]) and returns its merged
   * features, [patches / merge^2, hidden], in the decoder's embedding type.
   */
  async encodeImage(
    pixelValues: Float32Array,
    gridThw: readonly [number, number, number],
  ): Promise<FloatData> {
    const { vision } = this.sessions;
    const patches = gridThw[0] * gridThw[1] * gridThw[2];
    const pixelType = this.spec.vision.pixelType;
    const outputs = await guardAllocation(1, () =>
      vision.session.run({
        pixel_values: floatTensor(pixelType, fromFloat32(pixelValues, pixelType), [
          patches,
          pixelValues.length / patches,
        ]),
        image_grid_thw: int64Tensor(gridThw, [1, 3]),
      }),
    );
    const features = requireOutput(outputs, 'image_features');
    return convertFloat(floatDataOf(features, 'image_features'), this.embedsType);
  }

  /** Token embeddings of [batch, width] ids, in the decoder's embedding type. */
  async embed(ids: readonly number[], batch: number, width: number): Promise<FloatData> {
    const outputs = await guardAllocation(batch, () =>
      this.sessions.embed.session.run({ input_ids: int64Tensor(ids, [batch, width]) }),
    );
    return convertFloat(
      floatDataOf(requireOutput(outputs, 'inputs_embeds'), 'inputs_embeds'),
      this.embedsType,
    );
  }

  /** One decoder run: logits of each row's last position and the grown key/value cache. */
  async decode(run: DecoderRun): Promise<DecoderResult> {
    const { batch, width, past } = run;
    const { decoder: spec } = this.spec;
    const loaded = run.hostCache && this.hostDecoder !== undefined ? this.hostDecoder : this.sessions.decoder;
    const feeds: Record<string, Tensor> = {
      inputs_embeds: floatTensor(spec.embedsType, run.embeds, [batch, width, this.config.text.hiddenSize]),
      attention_mask: maskTensor(run.attentionMask, batch, past.length + width),
      position_ids: int64Tensor(run.positionIds, [3, batch, width]),
    };
    spec.pastNames.forEach((name, i) => {
      const tensor = past.tensors[i];
      if (tensor === undefined) throw new Error(`cache tensor for ${name} is missing`);
      feeds[name] = tensor;
    });
    if (spec.logitsToKeepName !== undefined) {
      feeds[spec.logitsToKeepName] = int64Tensor([1], []);
    }
    const outputs = await guardAllocation(batch, () => loaded.session.run(feeds));
    const logitsTensor = requireOutput(outputs, 'logits');
    const logitsData = floatDataOf(logitsTensor, 'logits');
    const kept = Number(logitsTensor.dims[1]);
    const vocab = Number(logitsTensor.dims[2]);
    const logits: Float32Array[] = [];
    for (let b = 0; b < batch; b++) {
      const start = (b * kept + kept - 1) * vocab;
      // Views into the output, not copies: each row is read once, before the next run.
      logits.push(toFloat32(logitsData.subarray(start, start + vocab)));
    }
    return { logits, cache: kvFromOutputs(outputs, spec.presentNames, batch, past.length + width) };
  }

  /** Frees a cache this object produced (device memory on WebGPU). */
  release(cache: KvCache): void {
    releaseKvCache(cache);
  }

  /** Releases every session. */
  async dispose(): Promise<void> {
    const sessions = [this.sessions.vision, this.sessions.embed, this.sessions.decoder, this.hostDecoder];
    for (const loaded of sessions) {
      await loaded?.session.release();
    }
  }
}

function maskTensor(mask: AttentionMask, batch: number, length: number): Tensor {
  if (mask.batch !== batch || mask.length !== length) {
    throw new Error(`attention mask is [${mask.batch}, ${mask.length}], the run needs [${batch}, ${length}]`);
  }
  return new Tensor('int64', mask.data, [batch, length]);
}

function requireOutput(outputs: Readonly<Record<string, Tensor>>, name: string): Tensor {
  const tensor = outputs[name];
  if (tensor === undefined) throw new Error(`the graph returned no ${name}`);
  return tensor;
}
