import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditLog } from '@moderation/audit-log';
import { loadConfig } from '@moderation/platform';
import { csvRows } from '@moderation/testing';
import { WorkerEnv } from '../config/worker-env';
import { decisionRecord, recordingLogger } from '../testing/records';
import { AuditLogWriter } from './audit-log.writer';
import { DecisionCsvWriter } from './decision-csv.writer';
import { DecisionRecorder } from './decision.recorder';

describe('DecisionRecorder', () => {
  let dir: string;
  let csv: DecisionCsvWriter;
  let audit: AuditLogWriter;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'decision-recorder-'));
    const env = loadConfig(WorkerEnv, { FEEDBACK_DIR: dir });
    csv = new DecisionCsvWriter(env);
    audit = new AuditLogWriter(env);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the row, then an audit entry of type decision with who decided what', async () => {
    const { logger, lines } = recordingLogger();
    await new DecisionRecorder(csv, audit, logger).record(decisionRecord(), 1);
    expect(await csvRows(readFileSync(csv.path, 'utf8'))).toHaveLength(1);
    const [entry] = readFileSync(audit.path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(entry).toEqual({
      seq: 1,
      at: expect.any(String),
      type: 'decision',
      id: '7c1e2a9e-5b3f-4d8e-9a61-0f2d4c6b8a10',
      moderationId: '3f0c8a52-7d4e-4b1a-9c55-2f0b8e3d9c41',
      reference: 'review-1234',
      storedName: `${'b'.repeat(64)}.jpg`,
      model: { id: 'mobilenet_v2', version: '4.4.0-onnx.1' },
      modelVerdict: 'review',
      policyVersion: '2026-12-02.1',
      decision: 'reject',
      label: 'Porn',
      reason: 'sexual',
      moderator: 'ana',
      decidedAt: '2026-12-02T10:05:00.000Z',
      prev: '0'.repeat(64),
    });
    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'decision recorded' })]);
  });

  it('writes each once when retried after the audit entry failed', async () => {
    const { logger, lines } = recordingLogger();
    const failing = { append: jest.fn().mockRejectedValueOnce(new Error('ENOSPC')) };
    const flaky = new DecisionRecorder(csv, failing as unknown as AuditLogWriter, logger);
    await expect(flaky.record(decisionRecord(), 1)).rejects.toThrow('ENOSPC');
    expect(lines[0]).toMatchObject({ level: 'warn', fields: { attempt: 1 } });

    await new DecisionRecorder(csv, audit, logger).record(decisionRecord(), 2);
    await new DecisionRecorder(csv, audit, logger).record(decisionRecord(), 3);
    expect(await csvRows(readFileSync(csv.path, 'utf8'))).toHaveLength(1);
    expect(verifyAuditLog(readFileSync(audit.path, 'utf8'))).toEqual({
      intact: true,
      entries: 1,
    });
  });
});
