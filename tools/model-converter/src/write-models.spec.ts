import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateManifest } from '@moderation/model-manifest';
import { sha256 } from './convert-nsfwjs-model';
import { nsfwjsModels } from './nsfwjs-models';
import { nsfwjsVersion } from './nsfwjs-package';
import { writeModels } from './write-models';

const mobilenet = nsfwjsModels.filter((m) => m.id === 'mobilenet_v2');

describe('writeModels', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'model-converter-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the model and a valid manifest naming it, with its hash and versions', () => {
    const [outcome] = writeModels(dir, mobilenet);
    expect(outcome.status).toBe('converted');
    expect(readdirSync(dir).sort()).toEqual(['mobilenet_v2.json', 'mobilenet_v2.onnx']);
    const manifest = validateManifest(
      JSON.parse(readFileSync(outcome.manifestPath, 'utf8')),
      'written',
    );
    expect(manifest).toMatchObject({
      id: 'mobilenet_v2',
      version: `${nsfwjsVersion()}-c1`,
      file: 'mobilenet_v2.onnx',
      sha256: sha256(readFileSync(outcome.onnxPath)),
      input: { name: 'input', layout: 'NHWC', height: 224, width: 224, channelOrder: 'RGB' },
      output: { name: 'probabilities', kind: 'probabilities' },
      labels: ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'],
    });
  });

  it('converts deterministically: a forced second conversion writes identical bytes', () => {
    const [first] = writeModels(dir, mobilenet);
    const bytes = readFileSync(first.onnxPath);
    const manifest = readFileSync(first.manifestPath);
    const [second] = writeModels(dir, mobilenet, { force: true });
    expect(second.status).toBe('converted');
    expect(readFileSync(second.onnxPath).equals(bytes)).toBe(true);
    expect(readFileSync(second.manifestPath).equals(manifest)).toBe(true);
  });

  it('skips a current model and converts again one whose file or version changed', () => {
    const [first] = writeModels(dir, mobilenet);
    const original = readFileSync(first.onnxPath);
    expect(writeModels(dir, mobilenet)[0].status).toBe('up to date');

    // A truncated model no longer matches the manifest's sha256.
    writeFileSync(first.onnxPath, original.subarray(0, 1000));
    expect(writeModels(dir, mobilenet)[0].status).toBe('converted');
    expect(readFileSync(first.onnxPath).equals(original)).toBe(true);

    // A manifest from another converter version.
    const manifest = JSON.parse(readFileSync(first.manifestPath, 'utf8'));
    writeFileSync(first.manifestPath, JSON.stringify({ ...manifest, version: '0.0.1-c0' }));
    expect(writeModels(dir, mobilenet)[0].status).toBe('converted');
    expect(JSON.parse(readFileSync(first.manifestPath, 'utf8')).version).toBe(manifest.version);

    // Nothing but the two files: the temporary files were renamed into place.
    expect(readdirSync(dir).sort()).toEqual(['mobilenet_v2.json', 'mobilenet_v2.onnx']);
  });
});
