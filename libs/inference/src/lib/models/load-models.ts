import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { manifestSuffix, validateManifest, type ModelManifest } from '@moderation/model-manifest';
import { ModelLoadError, NoModelLoadedError } from '../inference-errors';

export interface SessionSettings {
  /** Threads ONNX Runtime uses inside one operator. */
  intraOpThreads: number;
}

export interface LoadedModel {
  manifest: ModelManifest;
  session: InferenceSession;
}

/** A manifest found in the model folder, validated. */
export interface FoundModel {
  manifest: ModelManifest;
  manifestPath: string;
}

/** Reads and validates every manifest in the folder, without loading any model. */
export async function readManifests(modelDir: string): Promise<FoundModel[]> {
  let entries: string[];
  try {
    entries = await readdir(modelDir);
  } catch {
    throw new NoModelLoadedError(modelDir);
  }
  const names = entries.filter((name) => name.endsWith(manifestSuffix)).sort();
  if (names.length === 0) throw new NoModelLoadedError(modelDir);
  const found: FoundModel[] = [];
  for (const name of names) {
    const manifestPath = join(modelDir, name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(manifestPath, 'utf8'));
    } catch (error) {
      throw new ModelLoadError(`cannot read model manifest ${manifestPath}: ${String(error)}`);
    }
    found.push({ manifest: validateManifest(parsed, manifestPath), manifestPath });
  }
  const ids = found.map((m) => m.manifest.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate)
    throw new ModelLoadError(`two manifests in ${modelDir} declare the model id "${duplicate}"`);
  return found;
}

/**
 * Loads every manifest in the folder and its ONNX model, checks that they agree, and warms each
 * session up once so the first real request does not pay for lazy initialisation.
 */
export async function loadModels(
  modelDir: string,
  settings: SessionSettings,
): Promise<LoadedModel[]> {
  const models: LoadedModel[] = [];
  for (const found of await readManifests(modelDir)) {
    models.push(await loadModel(found, modelDir, settings));
  }
  return models;
}

async function loadModel(
  { manifest, manifestPath }: FoundModel,
  modelDir: string,
  settings: SessionSettings,
): Promise<LoadedModel> {
  const modelPath = join(modelDir, manifest.file);
  try {
    await access(modelPath, constants.R_OK);
  } catch {
    throw new ModelLoadError(`model file ${modelPath} named by ${manifestPath} is missing`);
  }
  if (manifest.sha256) {
    const actual = await sha256Of(modelPath);
    if (actual !== manifest.sha256) {
      throw new ModelLoadError(
        `${modelPath} does not match the sha256 in ${manifestPath}: rebuild it`,
      );
    }
  }
  // From the path, not from bytes read here: a copy of the weights in JavaScript memory would
  // only raise the worker's peak memory by the model's size.
  const session = await InferenceSession.create(modelPath, {
    intraOpNumThreads: settings.intraOpThreads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
  });
  checkSignature(session, manifest, manifestPath);
  await warmUp(session, manifest);
  return { manifest, session };
}

/** The SHA-256 of a file, read as a stream so a large model is never held in memory whole. */
async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Refuses a model whose inputs or outputs disagree with its manifest. */
function checkSignature(session: InferenceSession, manifest: ModelManifest, source: string): void {
  const { name, layout, height, width } = manifest.input;
  const input = session.inputMetadata.find((meta) => meta.name === name);
  if (!input) {
    throw new ModelLoadError(
      `${source}: the model has no input "${name}" (it has ${session.inputNames.join(', ')})`,
    );
  }
  if (!session.outputNames.includes(manifest.output.name)) {
    throw new ModelLoadError(
      `${source}: the model has no output "${manifest.output.name}" (it has ${session.outputNames.join(', ')})`,
    );
  }
  if (input.isTensor) {
    const expected = layout === 'NHWC' ? [height, width, 3] : [3, height, width];
    const actual = input.shape.slice(1);
    const agrees =
      input.shape.length === 4 &&
      expected.every((dim, i) => typeof actual[i] !== 'number' || actual[i] === dim);
    if (!agrees) {
      throw new ModelLoadError(
        `${source}: the model's input "${name}" has shape [${input.shape.join(', ')}], but the manifest says ${layout} ${height}×${width}×3`,
      );
    }
  }
}

async function warmUp(session: InferenceSession, manifest: ModelManifest): Promise<void> {
  const { layout, height, width, name } = manifest.input;
  const dims = layout === 'NHWC' ? [1, height, width, 3] : [1, 3, height, width];
  const output = await session.run({
    [name]: new Tensor('float32', new Float32Array(height * width * 3), dims),
  });
  const logits = output[manifest.output.name];
  if (logits.dims[logits.dims.length - 1] !== manifest.labels.length) {
    throw new ModelLoadError(
      `${manifest.id}: the model outputs ${logits.dims[logits.dims.length - 1]} classes but the manifest lists ${manifest.labels.length} labels`,
    );
  }
}
