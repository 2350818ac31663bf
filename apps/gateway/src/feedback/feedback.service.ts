import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Request } from 'express';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import {
  JobName,
  QueueName,
  type FeedbackJobData,
  type FeedbackQueue,
} from '@moderation/contracts';
import { within } from '@moderation/platform';
import {
  ServiceUnavailableError,
  UnknownLabelError,
  UnknownUploadError,
  UnsupportedBodyTypeError,
} from '../errors/gateway-errors';
import { ModerationService } from '../moderation/moderation.service';
import { ModelVersions } from '../prediction/model-versions';
import { UploadStore } from '../uploads/upload-store';
import { CreateFeedbackDto } from './dto/create-feedback.dto';
import { parseLegacyReport } from './legacy-report';

/** How long queueing a report may take before Redis counts as unreachable. */
const enqueueTimeoutMs = 2000;

export type FeedbackSource = FeedbackJobData['source'];

/** The body types a report may come in: a client's JSON, or a form as browsers send it. */
const readableTypes = [
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks reports and queues them for the worker that writes the data team's CSV. */
@Injectable()
export class FeedbackService {
  constructor(
    @InjectQueue(QueueName.Feedback)
    private readonly queue: FeedbackQueue,
    private readonly uploads: UploadStore,
    private readonly models: ModelVersions,
    private readonly moderations: ModerationService,
  ) {}

  /**
   * The report in a request: a JSON body, the page's form fields (urlencoded or multipart), or
   * the original service's `report` field. Any other body type is refused, not guessed at.
   */
  async fromRequest(
    request: Request,
  ): Promise<{ report: CreateFeedbackDto; source: FeedbackSource }> {
    // A body without a type (or no body at all) is an empty report, not one in a foreign format.
    const type = request.headers['content-type'] ? request.is(readableTypes) : null;
    if (type === false) throw new UnsupportedBodyTypeError(readableTypes);
    const body: unknown = request.body;
    if (type === 'application/json') return { report: await this.validated(body), source: 'json' };
    const fields = isRecord(body) ? body : {};
    if (typeof fields.report === 'string') {
      const parsed = parseLegacyReport(fields.report);
      if (!parsed)
        throw new BadRequestException(
          "report must be a dict such as {'filename': …, 'prediction': …, 'score': …}",
        );
      return { report: await this.validated(parsed), source: 'report' };
    }
    return { report: await this.validated(fields), source: 'page' };
  }

  async validated(body: unknown): Promise<CreateFeedbackDto> {
    const report = plainToInstance(CreateFeedbackDto, isRecord(body) ? body : {});
    const errors = await validate(report, { whitelist: true, forbidUnknownValues: true });
    if (errors.length > 0) {
      throw new BadRequestException(errors.flatMap((e) => Object.values(e.constraints ?? {})));
    }
    await this.checkLabels(report);
    return report;
  }

  /**
   * The predicted and the right class must be classes of the model. A model no worker has
   * announced yet cannot be checked: its reports are kept, since losing them is worse.
   */
  private async checkLabels(report: CreateFeedbackDto): Promise<void> {
    let labels: string[] | undefined;
    try {
      labels = await within(enqueueTimeoutMs, this.models.labels(report.model));
    } catch {
      throw new ServiceUnavailableError(
        'The report could not be checked: Redis is unreachable; try again',
      );
    }
    if (!labels) return;
    if (!labels.includes(report.prediction)) throw new UnknownLabelError('prediction', labels);
    if (report.correctLabel !== undefined && !labels.includes(report.correctLabel)) {
      throw new UnknownLabelError('correctLabel', labels);
    }
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
    await this.moderations.reported({
      reportId,
      storedName: report.filename,
      correctLabel: report.correctLabel,
      comment: report.comment,
    });
    return reportId;
  }
}
