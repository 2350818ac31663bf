import type { ModelManifest } from '@moderation/model-manifest';

/** Bumped whenever a change to the converter changes the .onnx it writes. */
export const converterVersion = 'c1';

export interface NsfwjsModel {
  id: string;
  /** Folder under nsfwjs's `dist/models`. */
  folder: string;
  /** nsfwjs's own name for it. */
  title: string;
  /** Input size nsfwjs resizes to; checked against the converted model's input. */
  size: number;
}

export const nsfwjsModels: readonly NsfwjsModel[] = [
  { id: 'mobilenet_v2', folder: 'mobilenet_v2', title: 'MobileNetV2', size: 224 },
  { id: 'inception_v3', folder: 'inception_v3', title: 'InceptionV3', size: 299 },
];

export const modelVersion = (nsfwjsVersion: string) => `${nsfwjsVersion}-${converterVersion}`;

/**
 * The manifest the inference library reads: nsfwjs's preprocessing (pixels / 255, aligned-corner
 * bilinear resize of the whole image, no mean/std), the NHWC RGB input and the softmax output.
 */
export function nsfwjsManifest(
  model: NsfwjsModel,
  facts: { nsfwjsVersion: string; sha256: string; height: number; width: number; labels: string[] },
): ModelManifest {
  return {
    id: model.id,
    version: modelVersion(facts.nsfwjsVersion),
    description: `nsfwjs ${facts.nsfwjsVersion} ${model.title}, converted by tools/model-converter ${converterVersion}`,
    file: `${model.id}.onnx`,
    sha256: facts.sha256,
    input: {
      name: 'input',
      layout: 'NHWC',
      height: facts.height,
      width: facts.width,
      channelOrder: 'RGB',
    },
    output: { name: 'probabilities', kind: 'probabilities' },
    preprocess: {
      resize: { method: 'bilinear-align-corners' },
      scale: 1 / 255,
      mean: [0, 0, 0],
      std: [1, 1, 1],
    },
    labels: facts.labels,
    policy: {
      reject: { Porn: 0.6, Hentai: 0.6 },
      review: { Porn: 0.25, Hentai: 0.25, Sexy: 0.4 },
    },
  };
}
