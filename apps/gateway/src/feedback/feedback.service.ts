import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { JobName, QueueName, type FeedbackJobData } from '@moderation/contracts';
import { BadRequestException } from '@nestjs/common';
import { within } from '../common/within';
import { ServiceUnavailableError, UnknownUploadError } from '../errors/gateway-errors';
import { UploadStore } from '../uploads/upload-store.service';
import { CreateFeedbackDto } from './dto/create-feedback.dto';
import { parseLegacyReport } from './legacy-report';

/** How long queueing a report may take before Redis counts as unreachable. */
const enqueueTimeoutMs = 2000;

export type FeedbackSource = FeedbackJobData['source'];

/** Checks reports and queues them for the worker that writes the data team's CSV. */
@Injectable()
export class FeedbackService {
  constructor(
    @InjectQueue(QueueName.Feedback)
    private readonly queue: Queue<FeedbackJobData, void, JobName.RecordFeedback>,
    private readonly uploads: UploadStore,
  ) {}

  /** Reads a report from a form body: the original `report` field, or the page's own fields. */
  async fromForm(
    body: Record<string, unknown>,
  ): Promise<{ report: CreateFeedbackDto; source: FeedbackSource }> {
    if (typeof body.report === 'string') {
      const parsed = parseLegacyReport(body.report);
      if (!parsed)
        throw new BadRequestException(
          "report must be a dict such as {'filename': …, 'prediction': …, 'score': …}",
        );
      return { report: await this.validated(parsed), source: 'report' };
    }
    return { report: await this.validated(body), source: 'page' };
  }

  async validated(body: unknown): Promise<CreateFeedbackDto> {
    const report = plainToInstance(CreateFeedbackDto, body ?? {});
    const errors = await validate(report, { whitelist: true, forbidUnknownValues: true });
    if (errors.length > 0) {
      throw new BadRequestException(errors.flatMap((e) => Object.values(e.constraints ?? {})));
    }
    return report;
  }

  /** Queues a report once it names a stored upload; answers with its id once Redis holds it. */
  async submit(
    report: CreateFeedbackDto,
    source: FeedbackSource,
    requestId: string,
  ): Promise<string> {
    if (!(await this.uploads.has(report.filename))) throw new UnknownUploadError(report.filename);
    const reportId = randomUUID();
    const data: FeedbackJobData = {
      reportId,
      receivedAt: new Date().toISOString(),
      storedName: report.filename,
      prediction: report.prediction,
      score: report.score,
      model: report.model,
      correctLabel: report.correctLabel,
      comment: report.comment,
      source,
      requestId,
    };
    try {
      await within(
        enqueueTimeoutMs,
        this.queue.add(JobName.RecordFeedback, data, { jobId: reportId }),
      );
    } catch {
      throw new ServiceUnavailableError(
        'The report could not be queued: Redis is unreachable; try again',
      );
    }
    return reportId;
  }
}
