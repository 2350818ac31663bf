import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { QueueName, type ReviewQueue } from '@moderation/contracts';
import { within } from '@moderation/platform';
import { qualityReport } from '@moderation/quality';
import { DecisionsCsvReader } from './decisions-csv.reader';
import type { QualityQueryDto } from './dto/quality-query.dto';
import { ModerationService } from '../moderation/moderation.service';
import {
  photosPerDayView,
  qualityPageView,
  type Backlog,
  type QualityPageView,
  type VerdictDay,
} from './quality-page';

/** Days of photos per day the page shows, today included. */
const photoDays = 14;

/** How long the page waits for the review queue's counts before showing it without them. */
const backlogTimeoutMs = 1000;

/**
 * The data team's quality page: the numbers of `libs/quality` over `decisions.csv`, and the
 * review queue's backlog from Redis.
 */
@Injectable()
export class QualityPageService {
  private readonly logger = new Logger(QualityPageService.name);

  constructor(
    private readonly decisions: DecisionsCsvReader,
    @InjectQueue(QueueName.Review) private readonly review: ReviewQueue,
    private readonly moderations: ModerationService,
  ) {}

  async view(
    query: QualityQueryDto,
  ): Promise<QualityPageView & { photos: ReturnType<typeof photosPerDayView> }> {
    const [rows, backlog, photos] = await Promise.all([
      this.decisions.rows(),
      this.backlog(),
      this.photosPerDay(),
    ]);
    let report;
    try {
      report = qualityReport(rows, query);
    } catch (error) {
      // A range that ends before it starts: the only thing the query's own checks cannot see.
      if (error instanceof RangeError) throw new BadRequestException(error.message);
      throw error;
    }
    return { ...qualityPageView(report, backlog, query), photos: photosPerDayView(photos) };
  }

  /** Every photo, by the model's verdict, per day; undefined when Redis does not answer in time. */
  private async photosPerDay(): Promise<VerdictDay[] | undefined> {
    try {
      return await within(backlogTimeoutMs, this.moderations.verdictsPerDay(photoDays));
    } catch (error) {
      this.logger.warn(`photos per day unavailable: ${String(error)}`);
      return undefined;
    }
  }

  /**
   * The queue's counts now, or undefined when Redis does not answer in time: the numbers from
   * the file are worth showing without them, so the page says the backlog is unknown instead
   * of failing.
   */
  private async backlog(): Promise<Backlog | undefined> {
    try {
      const counts = await within(
        backlogTimeoutMs,
        this.review.getJobCounts('waiting', 'prioritized', 'active'),
      );
      // Review items wait with priorities: BullMQ counts those as prioritized, not waiting.
      return {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        inReview: counts.active ?? 0,
      };
    } catch (error) {
      this.logger.warn(`review queue counts unavailable: ${String(error)}`);
      return undefined;
    }
  }
}
