import { UnrecoverableError } from 'bullmq';
import {
  JobName,
  type FeedbackJobData,
  type QueueName,
  type ReceivedJobOf,
  type StartupRecordData,
} from '@moderation/contracts';
import type { DecisionRecorder } from '../records/decision.recorder';
import type { StartupRecorder } from '../records/startup.recorder';
import { decisionRecord } from '../testing/records';
import { FeedbackProcessor } from './feedback.processor';
import type { FeedbackRecorder } from './feedback.recorder';

const report: FeedbackJobData = {
  reportId: 'r-1',
  receivedAt: '2026-11-25T10:00:00.000Z',
  storedName: `${'a'.repeat(64)}.jpg`,
  prediction: 'Sexy',
  score: 0.93,
  source: 'json',
  requestId: 'req-1',
};

const start: StartupRecordData = {
  startId: 's-1',
  startedAt: '2026-12-02T09:00:00.000Z',
  host: 'worker-1',
  models: [{ id: 'mobilenet_v2', version: '1', default: true, thresholds: {} }],
};

function job(name: string, data: unknown, attemptsMade = 0) {
  return { name, data, attemptsMade } as unknown as ReceivedJobOf<QueueName.Feedback>;
}

describe('FeedbackProcessor', () => {
  const feedback = { record: jest.fn(async () => undefined) };
  const decisions = { record: jest.fn(async () => undefined) };
  const starts = { record: jest.fn(async () => undefined) };
  const processor = new FeedbackProcessor(
    feedback as unknown as FeedbackRecorder,
    decisions as unknown as DecisionRecorder,
    starts as unknown as StartupRecorder,
  );

  beforeEach(() => jest.clearAllMocks());

  it('hands a report to the feedback recorder, with the attempt number', async () => {
    await processor.process(job(JobName.RecordFeedback, report, 2));
    expect(feedback.record).toHaveBeenCalledWith(report, 3);
    expect(decisions.record).not.toHaveBeenCalled();
  });

  it('hands a decision to the decision recorder', async () => {
    const record = decisionRecord();
    await processor.process(job(JobName.RecordDecision, record));
    expect(decisions.record).toHaveBeenCalledWith(record, 1);
    expect(feedback.record).not.toHaveBeenCalled();
  });

  it('hands a worker start to the startup recorder', async () => {
    await processor.process(job(JobName.RecordStartup, start));
    expect(starts.record).toHaveBeenCalledWith(start, 1);
  });

  it('passes a failed write on, so BullMQ retries it', async () => {
    decisions.record.mockRejectedValueOnce(new Error('ENOSPC'));
    await expect(processor.process(job(JobName.RecordDecision, decisionRecord()))).rejects.toThrow(
      'ENOSPC',
    );
  });

  it.each([JobName.Classify, 'toString', 'no-such-job'])(
    'fails a job named %j for good: no retry can handle it',
    async (name) => {
      const outcome = processor.process(job(name, report));
      await expect(outcome).rejects.toBeInstanceOf(UnrecoverableError);
      await expect(outcome).rejects.toThrow(`no handler for job ${name} on feedback`);
      expect(feedback.record).not.toHaveBeenCalled();
    },
  );
});
