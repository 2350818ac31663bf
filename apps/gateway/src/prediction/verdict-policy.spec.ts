import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModerationPolicy } from '@moderation/model-manifest';
import { ConfigValidationError } from '@moderation/platform';
import { PolicySource } from '../policy/policy-source';
import { prediction } from '../testing/fake-prediction';
import type { ModelVersions } from './model-versions';
import { VerdictPolicy } from './verdict-policy';

const manifestPolicy: ModerationPolicy = {
  reject: { Porn: 0.6, Hentai: 0.6 },
  review: { Porn: 0.25, Hentai: 0.25, Sexy: 0.4 },
};

describe('VerdictPolicy', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'policy-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const policyFile = (content: unknown) => {
    const path = join(dir, 'policy.json');
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const versions = (own: ModerationPolicy | undefined) =>
    ({ manifestPolicy: async () => own }) as unknown as ModelVersions;
  /** A stored result whose Sexy probability sits just under 0.4 before rounding. */
  const stored = prediction({
    prediction: 'Neutral',
    scores: { Drawing: 0.01, Hentai: 0.01, Neutral: 0.58, Porn: 0.0, Sexy: 0.4 },
    probabilities: { Drawing: 0.01, Hentai: 0.01, Neutral: 0.58004, Porn: 0.0, Sexy: 0.39996 },
    verdict: 'approved',
    reason: null,
  });

  it("judges by the model's own thresholds, on the exact probabilities, without a policy file", async () => {
    const judged = await new VerdictPolicy(
      PolicySource.load(undefined),
      versions(manifestPolicy),
    ).apply(stored);
    // 0.39996 is under the review threshold of 0.4, though it rounds to 0.4.
    expect(judged).toMatchObject({ verdict: 'approved', reason: null });
    expect(judged.policyVersion).toBe('manifest:mobilenet_v2@4.4.0-c1');
  });

  it("recomputes a stored result's verdict under a stricter policy file, and says its version", async () => {
    const path = policyFile({
      version: '2026-12-02.1',
      models: { mobilenet_v2: { reject: { Porn: 0.6 }, review: { Sexy: 0.3 } } },
    });
    const judged = await new VerdictPolicy(PolicySource.load(path), versions(manifestPolicy)).apply(
      stored,
    );
    expect(judged).toMatchObject({
      verdict: 'review',
      reason: { label: 'Sexy', score: 0.4, threshold: 0.3 },
      policyVersion: '2026-12-02.1',
    });
  });

  it('falls back to the rounded scores for a result stored before probabilities were kept', async () => {
    const older = { ...stored, probabilities: undefined };
    const judged = await new VerdictPolicy(
      PolicySource.load(undefined),
      versions(manifestPolicy),
    ).apply(older);
    expect(judged.verdict).toBe('review');
  });

  it("keeps the worker's verdict when no thresholds for the model are known here", async () => {
    const judged = await new VerdictPolicy(PolicySource.load(undefined), versions(undefined)).apply(
      {
        ...stored,
        verdict: 'rejected',
      },
    );
    expect(judged).toMatchObject({
      verdict: 'rejected',
      policyVersion: 'manifest:mobilenet_v2@4.4.0-c1',
    });
  });

  it('stops the start with the file and the problem named when the policy file is bad', () => {
    expect(() => PolicySource.load(join(dir, 'missing.json'))).toThrow(ConfigValidationError);
    expect(() => PolicySource.load(policyFile('{not json'))).toThrow(
      /POLICY_FILE: cannot read .* as JSON/,
    );
    expect(() =>
      PolicySource.load(
        policyFile({ version: '1', models: { mobilenet_v2: { reject: { Porn: 2 }, review: {} } } }),
      ),
    ).toThrow(
      /POLICY_FILE .*policy.json: models.mobilenet_v2.reject.Porn must be a number above 0 and at most 1/,
    );
  });
});
