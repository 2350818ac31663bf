import type { PinoLogger } from 'nestjs-pino';
import type { DecisionRecordData, ModeratorDecision } from '@moderation/contracts';

/** A decided moderation as the gateway queues it: a report's photo, rejected by a moderator. */
export function decisionRecord(
  decision: Partial<ModeratorDecision> = {},
  overrides: Partial<DecisionRecordData['moderation']> = {},
): DecisionRecordData {
  return {
    decisionId: '7c1e2a9e-5b3f-4d8e-9a61-0f2d4c6b8a10',
    requestId: 'req-decide-1',
    moderation: {
      id: '3f0c8a52-7d4e-4b1a-9c55-2f0b8e3d9c41',
      reference: 'review-1234',
      storedName: `${'b'.repeat(64)}.jpg`,
      createdAt: '2026-12-02T10:00:00.000Z',
      classification: {
        model: { id: 'mobilenet_v2', version: '4.4.0-onnx.1' },
        prediction: 'Sexy',
        score: 0.6512,
        scores: { Drawing: 0.01, Hentai: 0.02, Neutral: 0.3, Porn: 0.0088, Sexy: 0.6512 },
        verdict: 'review',
        policyVersion: '2026-12-02.1',
        reason: { label: 'Sexy', score: 0.6512, threshold: 0.6 },
      },
      state: 'rejected',
      review: {
        cause: { kind: 'threshold', label: 'Sexy', score: 0.6512, threshold: 0.6 },
        queuedAt: '2026-12-02T10:00:01.000Z',
      },
      ...overrides,
      decision: {
        decision: 'reject',
        reason: 'sexual',
        label: 'Porn',
        note: 'lingerie, not the product',
        moderator: 'ana',
        decidedAt: '2026-12-02T10:05:00.000Z',
        waitedMs: 299_000,
        tookMs: 12_500,
        ...decision,
      },
    },
  };
}

/** A PinoLogger that keeps what it was told, for assertions. */
export function recordingLogger() {
  const lines: { level: 'info' | 'warn'; fields: object; msg: string }[] = [];
  const logger = {
    info: (fields: object, msg: string) => lines.push({ level: 'info', fields, msg }),
    warn: (fields: object, msg: string) => lines.push({ level: 'warn', fields, msg }),
  };
  return { lines, logger: logger as unknown as PinoLogger };
}
