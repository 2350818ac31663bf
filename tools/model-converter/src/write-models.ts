import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { validateManifest } from '@moderation/model-manifest';
import { convertNsfwjsModel, sha256 } from './convert-nsfwjs-model';
import { nsfwjsRoot, nsfwjsVersion } from './nsfwjs-package';
import { modelVersion, type NsfwjsModel } from './nsfwjs-models';

export interface ModelOutcome {
  id: string;
  status: 'converted' | 'up to date';
  onnxPath: string;
  manifestPath: string;
  /** Size of the .onnx file. */
  bytes: number;
  milliseconds: number;
}

/**
 * Converts the given models into `outDir` as `<id>.onnx` + `<id>.json`, skipping each one whose
 * files are already there for the same nsfwjs and converter version (unless `force`).
 */
export function writeModels(
  outDir: string,
  models: readonly NsfwjsModel[],
  options: { force?: boolean; onDone?: (outcome: ModelOutcome) => void } = {},
): ModelOutcome[] {
  mkdirSync(outDir, { recursive: true });
  const root = nsfwjsRoot();
  const version = modelVersion(nsfwjsVersion(root));
  return models.map((model) => {
    const started = performance.now();
    const onnxPath = join(outDir, `${model.id}.onnx`);
    const manifestPath = join(outDir, `${model.id}.json`);
    let status: ModelOutcome['status'] = 'up to date';
    if (options.force || !isUpToDate(onnxPath, manifestPath, version)) {
      const { onnx, manifest } = convertNsfwjsModel(model, root);
      // The model first: a manifest only ever names an .onnx file that is complete.
      writeAtomically(onnxPath, onnx);
      writeAtomically(manifestPath, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
      status = 'converted';
    }
    const outcome: ModelOutcome = {
      id: model.id,
      status,
      onnxPath,
      manifestPath,
      bytes: readFileSync(onnxPath).byteLength,
      milliseconds: performance.now() - started,
    };
    options.onDone?.(outcome);
    return outcome;
  });
}

/**
 * Current when the manifest is valid, has this version and its sha256 matches the .onnx, so a
 * file replaced or damaged by hand is converted again rather than served.
 */
function isUpToDate(onnxPath: string, manifestPath: string, version: string): boolean {
  if (!existsSync(onnxPath) || !existsSync(manifestPath)) return false;
  try {
    const manifest = validateManifest(JSON.parse(readFileSync(manifestPath, 'utf8')), manifestPath);
    return manifest.version === version && manifest.sha256 === sha256(readFileSync(onnxPath));
  } catch {
    return false;
  }
}

/** Writes beside the target and renames over it, so a crash never leaves a half-written file. */
function writeAtomically(path: string, data: Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, 'w');
    try {
      for (let offset = 0; offset < data.byteLength; ) {
        offset += writeSync(fd, data, offset, data.byteLength - offset);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
