import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Worker } from 'bullmq';
import {
  JobName,
  QueueName,
  reviewPriority,
  type ModeratorDecision,
  type ReviewCause,
  type ReviewJobData,
  type ReviewQueue as ReviewQueueType,
} from '@moderation/contracts';
import { reportRedisErrors } from '@moderation/platform';
import { GatewayEnv } from '../config/gateway-env';
import { DecisionConflictError } from '../errors/gateway-errors';
import { ModerationRedis } from './moderation-redis';

/**
 * Who holds a taken item, kept in Redis next to BullMQ's lock: a decision may reach another
 * gateway replica than the one that handed the item out, and completing needs the lock's token.
 */
interface Hold {
  token: string;
  moderator: string;
  takenAt: string;
}

/** After every item of every cause: a skipped item comes back once nothing else waits. */
const skippedPriority = 100;

const holdKey = (moderationId: string) => `moderation:hold:${moderationId}`;
const holdingKey = (moderator: string) => `moderation:holding:${moderator}`;

/** A taken item: its job's data and when the moderator took it. */
export interface TakenItem extends ReviewJobData {
  takenAt: string;
}

/**
 * The review queue, consumed by people. Items are taken one at a time with BullMQ's manual
 * processing (`getNextJob` under a lock, `moveToCompleted` with the decision): two moderators
 * never get the same item, and an item whose moderator walks away goes back to the queue when
 * its lock lapses, through the stalled check every gateway runs.
 */
@Injectable()
export class ReviewQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ReviewQueue.name);
  private readonly lockMs: number;
  private desk?: Worker<ReviewJobData, ModeratorDecision>;

  constructor(
    @InjectQueue(QueueName.Review) private readonly queue: ReviewQueueType,
    private readonly redis: ModerationRedis,
    env: GatewayEnv,
  ) {
    this.lockMs = env.REVIEW_LOCK_SECONDS * 1000;
  }

  onModuleInit(): void {
    // No processor: the worker fetches only when a moderator asks.
    this.desk = new Worker<ReviewJobData, ModeratorDecision>(QueueName.Review, null, {
      connection: this.queue.opts.connection,
      prefix: this.queue.opts.prefix,
      lockDuration: this.lockMs,
      // An abandoned item is back within about two checks of its lock lapsing.
      stalledInterval: Math.min(Math.max(this.lockMs / 2, 1000), 30_000),
      // Walking away is not a failure: an item returns however often it is abandoned.
      maxStalledCount: Number.MAX_SAFE_INTEGER,
      autorun: false,
    });
    reportRedisErrors(this.desk, this.logger, QueueName.Review);
    reportRedisErrors(this.queue, this.logger, QueueName.Review);
    this.desk.on('stalled', (jobId) =>
      this.logger.log(`review item ${jobId} returned to the queue`),
    );
    this.desk.startStalledCheckTimer().catch((error: unknown) => {
      this.logger.warn(`review queue stalled check did not start: ${String(error)}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    // Taken items stay locked to their moderators; a decision may still reach another replica.
    // Not awaited: a close waits on Redis, and the desk holds nothing that would be lost.
    void this.desk?.close(true).catch(() => undefined);
  }

  /**
   * Puts a moderation in the queue once. A report about an item already waiting moves it up to
   * the report's priority.
   */
  async add(moderationId: string, cause: ReviewCause, queuedAt: string): Promise<void> {
    const priority = reviewPriority[cause.kind];
    await this.queue.add(
      JobName.Review,
      { moderationId, cause, queuedAt },
      { jobId: moderationId, priority },
    );
    // An id already taken keeps its job as it was: read what is stored, not what was asked.
    const stored = await this.queue.getJob(moderationId);
    if (!stored || stored.priority <= priority) return;
    if (['waiting', 'prioritized'].includes(await stored.getState())) {
      await stored.changePriority({ priority });
      await stored.updateData({ moderationId, cause, queuedAt });
    }
  }

  /** The item a moderator holds, or the next one, locked to them; undefined when none waits. */
  async take(moderator: string): Promise<TakenItem | undefined> {
    const held = await this.renewHeld(moderator);
    if (held) return held;
    const token = `${moderator}:${randomUUID()}`;
    const job = await this.desk?.getNextJob(token, { block: false });
    if (!job?.id) return undefined;
    const hold: Hold = { token, moderator, takenAt: new Date().toISOString() };
    const client = this.redis.client;
    await client
      .multi()
      .set(holdKey(job.id), JSON.stringify(hold), 'PX', this.lockMs)
      .set(holdingKey(moderator), job.id, 'PX', this.lockMs)
      .exec();
    return { ...job.data, takenAt: hold.takenAt };
  }

  /** Photos waiting for a person, and those on a moderator's screen now. */
  async counts(): Promise<{ waiting: number; inReview: number }> {
    const counts = await this.queue.getJobCounts('waiting', 'prioritized', 'active');
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      inReview: counts.active ?? 0,
    };
  }

  /**
   * Ends a moderation's review with a decision, made from when it was taken (undefined when
   * decided without taking it, e.g. by a shop's back office). Refused when someone else holds
   * the item or it was decided already.
   */
  async settle(
    moderationId: string,
    decider: string,
    decide: (takenAt: string | undefined) => ModeratorDecision,
  ): Promise<ModeratorDecision> {
    const job = await this.queue.getJob(moderationId);
    if (!job) return decide(undefined);
    const state = await job.getState();
    if (state === 'completed') {
      throw new DecisionConflictError(`Moderation ${moderationId} was decided already`);
    }
    if (state !== 'active') {
      // Waiting (or failed): nobody holds it; removing it keeps anyone from taking it later.
      const decision = decide(undefined);
      await job.remove().catch(() => {
        throw new DecisionConflictError(`Moderation ${moderationId} was just taken; try again`);
      });
      return decision;
    }
    const client = this.redis.client;
    const raw = await client.get(holdKey(moderationId));
    const hold = raw === null ? undefined : (JSON.parse(raw) as Hold);
    if (!hold) {
      throw new DecisionConflictError(
        `Moderation ${moderationId} is returning to the queue (its lock lapsed); take it again`,
      );
    }
    if (hold.moderator !== decider) {
      throw new DecisionConflictError(
        `Moderation ${moderationId} is held by another moderator (${hold.moderator})`,
      );
    }
    const decision = decide(hold.takenAt);
    try {
      await job.moveToCompleted(decision, hold.token, false);
    } catch {
      throw new DecisionConflictError(
        `Moderation ${moderationId} is returning to the queue (its lock lapsed); take it again`,
      );
    }
    await client.del(holdKey(moderationId), holdingKey(decider));
    return decision;
  }

  /**
   * Gives a held item back without a decision: it waits again behind every other item, so the
   * moderator (or a colleague) sees the next one first.
   */
  async release(moderationId: string, moderator: string): Promise<void> {
    const client = this.redis.client;
    const raw = await client.get(holdKey(moderationId));
    const hold = raw === null ? undefined : (JSON.parse(raw) as Hold);
    const job = await this.queue.getJob(moderationId);
    if (!job || !hold || hold.moderator !== moderator) {
      throw new DecisionConflictError(`Moderation ${moderationId} is not held by ${moderator}`);
    }
    await job.moveToWait(hold.token);
    await client.del(holdKey(moderationId), holdingKey(moderator));
    await job.changePriority({ priority: skippedPriority }).catch(() => undefined);
  }

  /** Renews a moderator's lock on the item they hold (a page left open); false when not held. */
  async renew(moderationId: string, moderator: string): Promise<boolean> {
    const held = await this.redis.client.get(holdingKey(moderator));
    return held === moderationId && (await this.renewHeld(moderator)) !== undefined;
  }

  /** The item a moderator took and still holds (a reload, a second tab), its lock renewed. */
  private async renewHeld(moderator: string): Promise<TakenItem | undefined> {
    const client = this.redis.client;
    const jobId = await client.get(holdingKey(moderator));
    if (jobId === null) return undefined;
    const raw = await client.get(holdKey(jobId));
    const job = await this.queue.getJob(jobId);
    const hold = raw === null ? undefined : (JSON.parse(raw) as Hold);
    if (!job || !hold || hold.moderator !== moderator) return undefined;
    // 0 when the lock lapsed meanwhile: the item is on its way back to the queue.
    if ((await job.extendLock(hold.token, this.lockMs)) !== 1) return undefined;
    await client
      .multi()
      .pexpire(holdKey(jobId), this.lockMs)
      .pexpire(holdingKey(moderator), this.lockMs)
      .exec();
    return { ...job.data, takenAt: hold.takenAt };
  }
}
