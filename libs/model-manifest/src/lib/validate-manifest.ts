import type { ModelManifest } from './model-manifest';

/** Thrown when a manifest is not one the inference library can use; names the file and the field. */
export class InvalidManifestError extends Error {
  constructor(source: string, problems: string[]) {
    super(`invalid model manifest ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidManifestError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isPositiveInt = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v > 0;
const isTriple = (v: unknown): v is [number, number, number] =>
  Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Checks a parsed manifest field by field and returns it typed, or throws listing every problem. */
export function validateManifest(value: unknown, source: string): ModelManifest {
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  if (!isRecord(value)) throw new InvalidManifestError(source, ['is not a JSON object']);
  const m = value;
  need(isText(m.id) && /^[\w.-]+$/.test(m.id as string), 'id: letters, digits, _ . - only');
  need(isText(m.version), 'version: a non-empty string');
  need(
    isText(m.file) && !(m.file as string).includes('/'),
    'file: a file name next to the manifest',
  );
  need(m.sha256 === undefined || /^[0-9a-f]{64}$/.test(String(m.sha256)), 'sha256: 64 hex digits');

  const input = isRecord(m.input) ? m.input : {};
  need(isText(input.name), 'input.name: the ONNX input name');
  need(input.layout === 'NHWC' || input.layout === 'NCHW', 'input.layout: NHWC or NCHW');
  need(
    isPositiveInt(input.height) && isPositiveInt(input.width),
    'input.height/width: positive integers',
  );
  need(
    input.channelOrder === 'RGB' || input.channelOrder === 'BGR',
    'input.channelOrder: RGB or BGR',
  );

  const output = isRecord(m.output) ? m.output : {};
  need(isText(output.name), 'output.name: the ONNX output name');
  need(
    output.kind === 'probabilities' || output.kind === 'logits',
    'output.kind: probabilities or logits',
  );

  const pre = isRecord(m.preprocess) ? m.preprocess : {};
  const resize = isRecord(pre.resize) ? pre.resize : {};
  const kernels = ['nearest', 'linear', 'cubic', 'mitchell', 'lanczos2', 'lanczos3'];
  need(
    resize.method === 'bilinear-align-corners' ||
      (resize.method === 'sharp' &&
        kernels.includes(String(resize.kernel)) &&
        ['fill', 'cover', 'contain'].includes(String(resize.fit))),
    `preprocess.resize: {method: "bilinear-align-corners"} or {method: "sharp", kernel: ${kernels.join('|')}, fit: fill|cover|contain}`,
  );
  need(typeof pre.scale === 'number' && pre.scale > 0, 'preprocess.scale: a positive number');
  need(isTriple(pre.mean), 'preprocess.mean: three numbers');
  need(
    isTriple(pre.std) && (pre.std as number[]).every((s) => s > 0),
    'preprocess.std: three positive numbers',
  );

  const labels = m.labels;
  need(
    Array.isArray(labels) &&
      labels.length > 1 &&
      labels.every(isText) &&
      new Set(labels).size === labels.length,
    'labels: at least two distinct class names',
  );
  const policy = isRecord(m.policy) ? m.policy : {};
  for (const kind of ['reject', 'review'] as const) {
    const thresholds = policy[kind];
    if (!isRecord(thresholds)) {
      problems.push(`policy.${kind}: an object of class name to threshold`);
      continue;
    }
    for (const [label, threshold] of Object.entries(thresholds)) {
      need(
        Array.isArray(labels) && labels.includes(label),
        `policy.${kind}.${label}: not one of the labels`,
      );
      need(
        typeof threshold === 'number' && threshold >= 0 && threshold <= 1,
        `policy.${kind}.${label}: a number from 0 to 1`,
      );
    }
  }
  if (problems.length > 0) throw new InvalidManifestError(source, problems);
  return value as unknown as ModelManifest;
}
