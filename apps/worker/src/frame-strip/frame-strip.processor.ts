import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { isStoredName, JobName, QueueName, type ReceivedJobOf } from '@moderation/contracts';
import { ImageTooLargeError, UndecodableImageError } from '@moderation/inference';
import { WorkerEnv } from '../config/worker-env';
import type { JobHandler } from '../queues/queue-consumer';
import { FrameStripWriter } from './frame-strip.writer';

/**
 * Draws the frame strip of an animated photo sent to review. Only photos on their way to a person
 * get one, and never while their uploader waits: the gateway asks once the answer is given.
 */
@Injectable()
export class FrameStripProcessor implements JobHandler<QueueName.FrameStrip> {
  constructor(
    private readonly writer: FrameStripWriter,
    private readonly env: WorkerEnv,
    @InjectPinoLogger(FrameStripProcessor.name) private readonly logger: PinoLogger,
  ) {}

  async process(job: ReceivedJobOf<QueueName.FrameStrip>): Promise<{ written: number }> {
    if (job.name !== JobName.DrawFrameStrip) {
      throw new UnrecoverableError(`no handler for job ${job.name} on ${QueueName.FrameStrip}`);
    }
    const { storedName, frames } = job.data;
    if (!isStoredName(storedName)) {
      throw new UnrecoverableError(`not a stored upload name: ${storedName}`);
    }
    if (!frames.every((index) => Number.isInteger(index) && index >= 0)) {
      throw new UnrecoverableError(`not frame indices: ${JSON.stringify(frames)}`);
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(join(this.env.UPLOAD_DIR, storedName));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new UnrecoverableError(`no upload ${storedName}`);
      }
      throw error;
    }
    try {
      const written = await this.writer.write(storedName, bytes, frames);
      this.logger.info({ jobId: job.id, storedName, written }, 'frame strip drawn');
      return { written };
    } catch (error) {
      // The upload was classified, so this should not happen; retrying would not change it.
      if (error instanceof UndecodableImageError || error instanceof ImageTooLargeError) {
        throw new UnrecoverableError(error.message);
      }
      throw error;
    }
  }
}
