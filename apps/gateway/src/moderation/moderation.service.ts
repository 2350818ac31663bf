import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import {
  decidedState,
  JobName,
  QueueName,
  type FeedbackQueue,
  type Moderation,
  type ModeratorDecision,
  type ReviewCause,
} from '@moderation/contracts';
import { within } from '@moderation/platform';
import { GatewayEnv } from '../config/gateway-env';
import { redisDeadlineMs, withRedisDeadline } from '../errors/redis-deadline';
import {
  DecisionConflictError,
  ModerationNotFoundError,
  UnknownLabelError,
} from '../errors/gateway-errors';
import type { Prediction } from '../prediction/prediction.service';
import type { DecisionRequestDto } from './dto/decision-request.dto';
import type { Principal } from './moderation-auth';
import { ModerationStore } from './moderation-store';
import { FrameStripRequests } from './frame-strip-requests';
import { newModeration } from './new-moderation';
import { ReviewQueue } from './review-queue';
import { WebhookPublisher } from '../webhooks/webhook-publisher';

/** What a user's report says, for the moderator who looks at the photo again. */
export interface ReportSummary {
  reportId: string;
  storedName: string;
  correctLabel?: string;
  comment?: string;
}

/**
 * Moderations: one per classified upload, routed to a person when the model is unsure, when a
 * random sample of approvals says so, or when a user reports the answer; then decided.
 */
@Injectable()
export class ModerationService {
  constructor(
    private readonly store: ModerationStore,
    private readonly review: ReviewQueue,
    @InjectQueue(QueueName.Feedback) private readonly records: FeedbackQueue,
    private readonly env: GatewayEnv,
    @InjectPinoLogger(ModerationService.name) private readonly logger: PinoLogger,
    private readonly webhooks: WebhookPublisher,
    private readonly frameStrips: FrameStripRequests,
  ) {}

  /**
   * Records the model's answer for an upload and sends it to a person when it should be. A
   * batch's photo comes with the id it was given when the batch was accepted, its batch and
   * where events about it go.
   */
  async open(
    prediction: Prediction,
    reference: string | undefined,
    origin: { id?: string; batchId?: string; callbackUrl?: string } = {},
  ): Promise<Moderation> {
    const now = new Date().toISOString();
    const moderation = newModeration(prediction, reference, {
      ...origin,
      id: origin.id ?? randomUUID(),
      createdAt: now,
    });
    const cause = this.reviewCause(moderation);
    if (cause) moderation.review = { cause, queuedAt: now };
    await this.withRedis(async () => {
      await this.store.save(moderation);
      if (cause) {
        await this.review.add(moderation.id, cause, now);
        await this.frameStrips.request(moderation);
      }
    });
    return moderation;
  }

  /**
   * Sends the latest moderation of a reported photo to a person, ahead of the model's doubts.
   * A report that finds no moderation (or one a person already decided) changes nothing: the
   * report itself is in the data team's file either way.
   */
  async reported(report: ReportSummary): Promise<void> {
    try {
      await within(redisDeadlineMs, this.routeReport(report));
    } catch (error) {
      this.logger.warn(
        { err: error, reportId: report.reportId },
        'report not routed to review; it is recorded for the data team',
      );
    }
  }

  /** The moderation, or undefined when there is none (yet). */
  async existing(id: string): Promise<Moderation | undefined> {
    return this.withRedis(() => this.store.find(id));
  }

  async find(id: string): Promise<Moderation> {
    const moderation = await this.withRedis(() => this.store.find(id));
    if (!moderation) throw new ModerationNotFoundError(id);
    return moderation;
  }

  /** The moderation a moderator looks at next (the one they hold, if any), and how many wait. */
  async next(moderator: Principal): Promise<{ moderation?: Moderation; waiting: number }> {
    return this.withRedis(async () => {
      for (;;) {
        const item = await this.review.take(moderator.name);
        const { waiting } = await this.review.counts();
        if (!item) return { waiting };
        const moderation = await this.store.find(item.moderationId);
        if (moderation && !moderation.decision) return { moderation, waiting };
        // Expired or decided elsewhere: nothing to look at; finish it and take the next.
        await this.review
          .settle(item.moderationId, moderator.name, () => this.expired(moderator, item.queuedAt))
          .catch(() => undefined);
      }
    });
  }

  async decide(
    id: string,
    decider: Principal,
    request: DecisionRequestDto,
    requestId: string,
  ): Promise<Moderation> {
    const moderation = await this.find(id);
    if (!moderation.review) {
      throw new DecisionConflictError(
        `Moderation ${id} was decided by the model and not sent to review`,
      );
    }
    if (moderation.decision) {
      throw new DecisionConflictError(
        `Moderation ${id} was decided already, by ${moderation.decision.moderator}`,
      );
    }
    const labels = Object.keys(moderation.classification.scores);
    if (request.label !== undefined && !labels.includes(request.label)) {
      throw new UnknownLabelError('label', labels);
    }
    const queuedAt = Date.parse(moderation.review.queuedAt);
    const decision = await this.withRedis(() =>
      this.review.settle(id, decider.name, (takenAt) => {
        const now = Date.now();
        return {
          decision: request.decision,
          ...(request.reason === undefined ? {} : { reason: request.reason }),
          ...(request.label === undefined ? {} : { label: request.label }),
          ...(request.note === undefined ? {} : { note: request.note }),
          moderator: decider.name,
          decidedAt: new Date(now).toISOString(),
          waitedMs: Math.max(0, now - queuedAt),
          ...(takenAt === undefined ? {} : { tookMs: Math.max(0, now - Date.parse(takenAt)) }),
        };
      }),
    );
    const decided = { ...moderation, state: decidedState(decision.decision), decision };
    const decisionId = randomUUID();
    await this.withRedis(async () => {
      await this.store.update(decided);
      await this.records.add(
        JobName.RecordDecision,
        { decisionId, moderation: decided, requestId },
        { jobId: decisionId },
      );
      await this.webhooks.publish(decided, 'moderation.decided');
    });
    if (decider.kind === 'moderator') {
      await this.store.countDecision(decider.name, decision.decidedAt).catch(() => undefined);
    }
    this.logger.info(
      { moderationId: id, decision: decision.decision, moderator: decider.name, requestId },
      'moderation decided',
    );
    return decided;
  }

  /** Gives a held item back undecided; the moderator's next item is another one if any waits. */
  async skip(id: string, moderator: Principal): Promise<void> {
    await this.withRedis(() => this.review.release(id, moderator.name));
  }

  /** Keeps a moderator's item locked to them while they look at it; 409 when they lost it. */
  async hold(id: string, moderator: Principal): Promise<void> {
    const renewed = await this.withRedis(() => this.review.renew(id, moderator.name));
    if (!renewed) {
      throw new DecisionConflictError(
        `Moderation ${id} is no longer held by ${moderator.name}: it went back to the queue or was decided`,
      );
    }
  }

  /** Photos per day (UTC) by the model's verdict, the last `days` days, oldest first. */
  async verdictsPerDay(days: number): Promise<{ day: string; counts: Record<string, number> }[]> {
    return this.withRedis(() => this.store.verdictsPerDay(days));
  }

  /** How many photos a moderator decided today (UTC). */
  async decidedToday(moderator: Principal): Promise<number> {
    return this.withRedis(() => this.store.decisionsOn(moderator.name, new Date().toISOString()));
  }

  private reviewCause(moderation: Moderation): ReviewCause | undefined {
    const { verdict, reason } = moderation.classification;
    if (verdict === 'review' && reason) return { kind: 'threshold', ...reason };
    if (verdict === 'approved' && Math.random() < this.env.REVIEW_SAMPLE_RATE) {
      return { kind: 'sample', rate: this.env.REVIEW_SAMPLE_RATE };
    }
    return undefined;
  }

  private async routeReport(report: ReportSummary): Promise<void> {
    const moderation = await this.store.latestOf(report.storedName);
    if (!moderation || moderation.decision) return;
    const cause: ReviewCause = {
      kind: 'report',
      reportId: report.reportId,
      ...(report.correctLabel === undefined ? {} : { correctLabel: report.correctLabel }),
      ...(report.comment === undefined ? {} : { comment: report.comment }),
    };
    const queuedAt = moderation.review?.queuedAt ?? new Date().toISOString();
    await this.store.update({ ...moderation, review: { cause, queuedAt } });
    await this.review.add(moderation.id, cause, queuedAt);
    await this.frameStrips.request(moderation);
  }

  /** A placeholder decision that closes a review item whose moderation is gone. */
  private expired(moderator: Principal, queuedAt: string): ModeratorDecision {
    return {
      decision: 'approve',
      note: 'moderation expired before review',
      moderator: moderator.name,
      decidedAt: new Date().toISOString(),
      waitedMs: Math.max(0, Date.now() - Date.parse(queuedAt)),
    };
  }

  private withRedis<T>(commands: () => Promise<T>): Promise<T> {
    return withRedisDeadline(commands, 'Moderations are unavailable: Redis is unreachable');
  }
}
