import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { JobName, type FeedbackQueue, type StartupRecordData } from '@moderation/contracts';
import { within } from '../async/within';

/** How long a start's record may wait for Redis before a warning says it is not queued. */
const enqueueTimeoutMs = 10_000;

/**
 * Queues the record of this process's start for the audit log, the start's id as the job id. The
 * audit log has one writer, the feedback queue's consumer, so a start goes through that queue
 * rather than to the file. Never throws: Redis being down costs the record and a warning, never
 * the start.
 */
export async function queueStartupRecord(
  records: FeedbackQueue,
  what: Omit<StartupRecordData, 'startId' | 'startedAt' | 'host'>,
  logger: { log(message: string): void; warn(message: string): void },
): Promise<void> {
  const start: StartupRecordData = {
    startId: randomUUID(),
    startedAt: new Date().toISOString(),
    host: hostname(),
    ...what,
  };
  try {
    await within(
      enqueueTimeoutMs,
      records.add(JobName.RecordStartup, start, { jobId: start.startId }),
    );
    logger.log(`start ${start.startId} queued for the audit log`);
  } catch (error) {
    logger.warn(`could not queue start ${start.startId} for the audit log: ${String(error)}`);
  }
}
