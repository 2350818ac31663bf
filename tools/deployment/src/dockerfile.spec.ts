import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { processTuning } from '@moderation/platform/process-tuning';
import { workspaceRoot } from '@moderation/testing';

/** The stages of docker/Dockerfile, each with its instructions. */
function stages(text: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  let current: string[] = [];
  const lines = text.replace(/\\\n\s*/g, ' ').split('\n');
  for (const line of lines) {
    const from = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(line);
    if (from) {
      current = [];
      result.set(from[1], current);
    } else if (line.trim() && !line.trim().startsWith('#')) {
      current.push(line.trim());
    }
  }
  return result;
}

describe('docker/Dockerfile', () => {
  const dockerfile = stages(readFileSync(resolve(workspaceRoot, 'docker/Dockerfile'), 'utf8'));

  it('builds the apps and converts the models in a build stage', () => {
    const build = dockerfile.get('build') ?? [];
    expect(build).toEqual(expect.arrayContaining([expect.stringMatching(/^RUN npm ci/)]));
    expect(build.some((line) => /nx run model-converter:convert/.test(line))).toBe(true);
  });

  it.each(['gateway', 'worker'])(
    'runs the %s as a non-root user with production dependencies only',
    (app) => {
      const deps = dockerfile.get(`${app}-deps`) ?? [];
      expect(deps.some((line) => /npm ci --omit=dev/.test(line))).toBe(true);
      const final = dockerfile.get(app) ?? [];
      expect(final).toContain('USER node');
      expect(final.some((line) => line.startsWith('HEALTHCHECK'))).toBe(true);
    },
  );

  it.each(Object.entries(processTuning))(
    'starts the %s with the memory tuning npm start and the benchmark use',
    (app, tuning) => {
      const set = (dockerfile.get(app) ?? [])
        .filter((line) => line.startsWith('ENV '))
        .flatMap((line) => line.slice(4).trim().split(/\s+/));
      for (const [name, value] of Object.entries(tuning)) expect(set).toContain(`${name}=${value}`);
    },
  );

  it('ships the converted models in the worker image only', () => {
    expect((dockerfile.get('worker') ?? []).some((line) => /var\/models/.test(line))).toBe(true);
    expect((dockerfile.get('gateway') ?? []).some((line) => /models/.test(line))).toBe(false);
  });

  it('skips the onnxruntime-node install script (it downloads CUDA files) in every npm ci', () => {
    for (const stage of ['build', 'gateway-deps', 'worker-deps']) {
      expect((dockerfile.get(stage) ?? []).some((line) => /COPY .*\.npmrc/.test(line))).toBe(true);
    }
    expect(readFileSync(resolve(workspaceRoot, '.npmrc'), 'utf8')).toMatch(
      /^onnxruntime-node-install=skip$/m,
    );
  });
});
