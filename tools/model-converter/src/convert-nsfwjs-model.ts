import { createHash } from 'node:crypto';
import { validateManifest, type ModelManifest } from '@moderation/model-manifest';
import { convertKerasModel } from './convert-keras-model';
import { decodeWeights } from './dequantize';
import { nsfwjsClasses, nsfwjsRoot, nsfwjsVersion, readNsfwjsModel } from './nsfwjs-package';
import { converterVersion, modelVersion, nsfwjsManifest, type NsfwjsModel } from './nsfwjs-models';

export interface NsfwjsConversion {
  onnx: Uint8Array;
  manifest: ModelManifest;
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Converts one of nsfwjs's models and builds its manifest, checking that both agree with nsfwjs. */
export function convertNsfwjsModel(model: NsfwjsModel, root = nsfwjsRoot()): NsfwjsConversion {
  const version = nsfwjsVersion(root);
  const labels = nsfwjsClasses(root);
  const artifacts = readNsfwjsModel(model.folder, root);
  const converted = convertKerasModel(
    artifacts.modelTopology,
    decodeWeights(artifacts.weightGroups),
    {
      graphName: model.id,
      inputName: 'input',
      outputName: 'probabilities',
      producerVersion: converterVersion,
      docString: `nsfwjs ${version} ${model.title} (Keras, uint8-quantized weights) converted to ONNX`,
      metadata: {
        source: `nsfwjs@${version}/dist/models/${model.folder}`,
        version: modelVersion(version),
      },
    },
  );
  const problems = [
    converted.height !== model.size || converted.width !== model.size
      ? `input is ${converted.height}×${converted.width}, nsfwjs resizes to ${model.size}`
      : '',
    converted.channels !== 3 ? `input has ${converted.channels} channels, not RGB` : '',
    converted.outputActivation !== 'softmax'
      ? `output activation is ${converted.outputActivation}, not softmax: the manifest says probabilities`
      : '',
    converted.outputSize !== labels.length
      ? `${converted.outputSize} outputs for ${labels.length} classes`
      : '',
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`${model.id}: ${problems.join('; ')}`);

  const manifest = nsfwjsManifest(model, {
    nsfwjsVersion: version,
    sha256: sha256(converted.onnx),
    height: converted.height,
    width: converted.width,
    labels,
  });
  return { onnx: converted.onnx, manifest: validateManifest(manifest, `${model.id} manifest`) };
}
