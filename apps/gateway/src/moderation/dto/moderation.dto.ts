import type { Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import {
  rejectReasons,
  type Moderation,
  type ModerationState,
  type WebhookAttempt,
} from '@moderation/contracts';
import {
  FramesDto,
  ModelRefDto,
  PolicyRefDto,
  VerdictReasonDto,
} from '../../prediction/dto/prediction-response.dto';
import { WebhookAttemptDto } from '../../webhooks/dto/webhook-attempt.dto';

const orNull = (model: Type<unknown>) => ({
  oneOf: [{ $ref: getSchemaPath(model) }, { type: 'null' }],
});

@ApiExtraModels(VerdictReasonDto)
class ModelAnswerDto {
  @ApiProperty({ type: ModelRefDto })
  model!: ModelRefDto;

  @ApiProperty({ description: 'The most probable class.', example: 'Sexy' })
  prediction!: string;

  @ApiProperty({ description: 'Its probability, rounded to 4 decimals.', example: 0.5521 })
  score!: number;

  @ApiProperty({
    description: 'Probability of every class, rounded to 4 decimals.',
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { Drawing: 0.01, Hentai: 0.01, Neutral: 0.4177, Porn: 0.0102, Sexy: 0.5521 },
  })
  scores!: Record<string, number>;

  @ApiProperty({ enum: ['approved', 'review', 'rejected'], example: 'review' })
  verdict!: string;

  @ApiProperty({
    description: 'The class and threshold that decided a verdict other than approved.',
    ...orNull(VerdictReasonDto),
  })
  reason!: VerdictReasonDto | null;

  @ApiProperty({
    type: FramesDto,
    required: false,
    description:
      'For an animation or multi-page image: the frames classified and the one that decided (`scores` are its).',
  })
  frames?: FramesDto;
}

class ThresholdCauseDto {
  @ApiProperty({ enum: ['threshold'] })
  kind!: 'threshold';
  @ApiProperty({ example: 'Sexy' })
  label!: string;
  @ApiProperty({ example: 0.5521 })
  score!: number;
  @ApiProperty({ example: 0.4 })
  threshold!: number;
}

class SampleCauseDto {
  @ApiProperty({ enum: ['sample'] })
  kind!: 'sample';
  @ApiProperty({
    description: 'The share of approvals sampled (`REVIEW_SAMPLE_RATE`).',
    example: 0.01,
  })
  rate!: number;
}

class ReportCauseDto {
  @ApiProperty({ enum: ['report'] })
  kind!: 'report';
  @ApiProperty({ format: 'uuid' })
  reportId!: string;
  @ApiProperty({ required: false, example: 'Neutral' })
  correctLabel?: string;
  @ApiProperty({ required: false })
  comment?: string;
}

@ApiExtraModels(ThresholdCauseDto, SampleCauseDto, ReportCauseDto)
class ReviewDto {
  @ApiProperty({
    description:
      "Why a person looks at it: the model's doubt (a class reached the review threshold), a random sample of approvals, or a user's report.",
    oneOf: [
      { $ref: getSchemaPath(ThresholdCauseDto) },
      { $ref: getSchemaPath(SampleCauseDto) },
      { $ref: getSchemaPath(ReportCauseDto) },
    ],
  })
  cause!: ThresholdCauseDto | SampleCauseDto | ReportCauseDto;

  @ApiProperty({ format: 'date-time' })
  queuedAt!: string;
}

class DecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  decision!: 'approve' | 'reject';
  @ApiProperty({ required: false, enum: rejectReasons })
  reason?: string;
  @ApiProperty({ required: false, description: 'The class the person says is right.' })
  label?: string;
  @ApiProperty({ required: false })
  note?: string;
  @ApiProperty({ description: "The moderator's (or API key's) name.", example: 'alice' })
  moderator!: string;
  @ApiProperty({ format: 'date-time' })
  decidedAt!: string;
  @ApiProperty({ description: 'From entering the review queue to the decision.', example: 73000 })
  waitedMs!: number;
  @ApiProperty({
    required: false,
    description: 'From the moderator taking the item to the decision.',
    example: 9000,
  })
  tookMs?: number;
}

/** `GET /moderations/{id}`: what the model said, and what a person decided. */
@ApiExtraModels(ReviewDto, DecisionDto, PolicyRefDto)
export class ModerationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({
    enum: ['approved', 'rejected', 'pending-review'],
    description:
      'Whether the photo may be shown now: decided by a person when `decision` is set, else by the model.',
    example: 'pending-review',
  })
  state!: ModerationState;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'null' }],
    description: "The shop's own id sent with the photo.",
    example: 'review-8812/photo-2',
  })
  reference!: string | null;

  @ApiProperty({ description: 'The stored upload.', example: '9f86…a08.jpg' })
  filename!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: ModelAnswerDto })
  model!: ModelAnswerDto;

  @ApiProperty({
    description: 'The policy version that gave the model’s verdict (null for older moderations).',
    ...orNull(PolicyRefDto),
  })
  policy!: PolicyRefDto | null;

  @ApiProperty({ description: 'Set once sent to a person.', ...orNull(ReviewDto) })
  review!: ReviewDto | null;

  @ApiProperty({ description: 'Set once a person decided.', ...orNull(DecisionDto) })
  decision!: DecisionDto | null;

  @ApiProperty({
    type: [WebhookAttemptDto],
    description:
      'Every try at delivering its events to its `callbackUrl`, oldest first (the latest 100); empty without one.',
  })
  webhooks!: WebhookAttemptDto[];

  /** The public JSON of a moderation, with the delivery tries of its events (none by default). */
  static from(moderation: Moderation, webhooks: WebhookAttempt[] = []): ModerationDto {
    const { classification } = moderation;
    return {
      id: moderation.id,
      state: moderation.state,
      reference: moderation.reference ?? null,
      filename: moderation.storedName,
      createdAt: moderation.createdAt,
      model: {
        model: classification.model,
        prediction: classification.prediction,
        score: classification.score,
        scores: classification.scores,
        verdict: classification.verdict,
        reason: classification.reason ?? null,
        ...(classification.frames ? { frames: classification.frames } : {}),
      },
      policy: classification.policyVersion ? { version: classification.policyVersion } : null,
      review: moderation.review ?? null,
      decision: moderation.decision ?? null,
      webhooks,
    };
  }
}

/** `POST /moderations/next`: the item to look at, and how many wait. */
@ApiExtraModels(ModerationDto)
export class NextItemDto {
  @ApiProperty({
    description: 'Null when nothing waits. Locked to the caller for `REVIEW_LOCK_SECONDS`.',
    ...orNull(ModerationDto),
  })
  item!: ModerationDto | null;

  @ApiProperty({
    description: 'Items waiting for a moderator, not counting this one.',
    example: 12,
  })
  waiting!: number;
}
