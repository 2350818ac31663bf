import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { ErrorResponseDto } from '../../errors/error-response.dto';
import type { FrameCount, Moderation, Verdict } from '@moderation/contracts';
import type { Prediction } from '../prediction.service';

export class ModelRefDto {
  @ApiProperty({ example: 'mobilenet_v2' })
  id!: string;

  @ApiProperty({ example: '4.4.0-c1' })
  version!: string;
}

export class PolicyRefDto {
  @ApiProperty({
    description:
      'The policy version that gave the verdict: `POLICY_FILE`’s `version`, or `manifest:<model>@<version>` for the model’s own thresholds.',
    example: 'manifest:mobilenet_v2@4.4.0-c1',
  })
  version!: string;
}

export class VerdictReasonDto {
  @ApiProperty({ description: 'The class that reached a threshold.', example: 'Sexy' })
  label!: string;

  @ApiProperty({ description: 'Its probability, rounded to 4 decimals.', example: 0.5521 })
  score!: number;

  @ApiProperty({ description: 'The threshold it reached.', example: 0.4 })
  threshold!: number;
}

export class FrameSummaryDto {
  @ApiProperty({
    description: 'Zero-based index of the frame in the image.',
    example: 13,
    minimum: 0,
  })
  index!: number;

  @ApiProperty({ description: 'The frame’s own most probable class.', example: 'Porn' })
  prediction!: string;

  @ApiProperty({ description: 'Its probability, rounded to 4 decimals.', example: 0.9132 })
  score!: number;
}

export class FramesDto {
  @ApiProperty({
    description: 'Frames in the image (animated GIF/WebP) or pages (TIFF); 1 for a still image.',
    example: 1,
    minimum: 1,
  })
  total!: number;

  @ApiProperty({
    description:
      'Frames run through the model: all of them, or at most the workers’ `MAX_FRAMES`, evenly spaced with the first and the last.',
    example: 1,
    minimum: 1,
  })
  classified!: number;

  @ApiProperty({
    description:
      'Zero-based index, in the image, of the frame that decided: the worst one (rejected, then review, then the highest unsafe probability). `prediction`, `score`, `scores`, `verdict` and `reason` are this frame’s.',
    example: 0,
    minimum: 0,
  })
  decisive!: number;

  @ApiProperty({
    type: [FrameSummaryDto],
    required: false,
    description:
      'Each classified frame’s own top class, in the order of the image. Only for animations and multi-page images; moderators see these frames side by side.',
  })
  perFrame?: FrameSummaryDto[];
}

/** What a result computed before every frame counted stands for: a still image's count. */
const firstFrameOnly: FrameCount = { total: 1, classified: 1, decisive: 0 };

class TimingDto {
  @ApiProperty({ description: 'Time in the worker: reading, decoding and the model.', example: 41 })
  inferenceMs!: number;

  @ApiProperty({ description: 'From queueing the job to its result.', example: 47 })
  totalMs!: number;

  @ApiProperty({
    description:
      'Answered from an earlier prediction of the same bytes by the same model version, without inference.',
    example: false,
  })
  reused!: boolean;
}

/** `POST /predict` on success: the original service's three keys, then everything else. */
@ApiExtraModels(VerdictReasonDto)
export class PredictionResponseDto {
  @ApiProperty({ type: 'boolean', enum: [true], example: true })
  success!: true;

  @ApiProperty({ description: 'The most probable class.', example: 'Neutral' })
  prediction!: string;

  @ApiProperty({ description: 'Its probability, rounded to 4 decimals.', example: 0.9346 })
  score!: number;

  @ApiProperty({
    description: 'Probability of every class, rounded to 4 decimals.',
    example: { Drawing: 0.0102, Hentai: 0.0011, Neutral: 0.9346, Porn: 0.0023, Sexy: 0.0518 },
    type: 'object',
    additionalProperties: { type: 'number' },
  })
  scores!: Record<string, number>;

  @ApiProperty({
    enum: ['approved', 'review', 'rejected'],
    description: "Whether the image may be shown, per the model's moderation policy.",
    example: 'approved',
  })
  verdict!: Verdict;

  @ApiProperty({
    description:
      'Why the verdict is not `approved`: the class whose probability reached which threshold of the ' +
      "model's policy. Null for an approval.",
    oneOf: [{ $ref: getSchemaPath(VerdictReasonDto) }, { type: 'null' }],
    example: null,
  })
  reason!: VerdictReasonDto | null;

  @ApiProperty({
    type: FramesDto,
    description:
      'The frames of an animation or multi-page image that were classified and the one that decided; `{total: 1, classified: 1, decisive: 0}` for a still image.',
  })
  frames!: FramesDto;

  @ApiProperty({ type: ModelRefDto })
  model!: ModelRefDto;

  @ApiProperty({ type: PolicyRefDto })
  policy!: PolicyRefDto;

  @ApiProperty({
    description: 'Name the upload is stored under (SHA-256 of its bytes plus its type).',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.jpg',
  })
  filename!: string;

  @ApiProperty({ type: TimingDto })
  timing!: TimingDto;

  @ApiProperty({
    format: 'uuid',
    description:
      'This moderation, to read back with `GET /moderations/{id}` (a person may still decide it).',
  })
  moderationId!: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'null' }],
    description: 'The `reference` sent with the photo.',
    example: null,
  })
  reference!: string | null;

  static from(prediction: Prediction, moderation: Moderation): PredictionResponseDto {
    return {
      success: true,
      prediction: prediction.prediction,
      score: prediction.score,
      scores: prediction.scores,
      verdict: prediction.verdict,
      reason: prediction.reason ?? null,
      // Results stored before every frame counted have no count: they classified one frame.
      frames: prediction.frames ?? firstFrameOnly,
      model: prediction.model,
      policy: { version: prediction.policyVersion },
      filename: prediction.storedName,
      timing: {
        inferenceMs: prediction.inferenceMs,
        totalMs: prediction.totalMs,
        reused: prediction.reused,
      },
      moderationId: moderation.id,
      reference: moderation.reference ?? null,
    };
  }
}

/**
 * `POST /predict` on failure: the one error shape, plus the original service's keys, which its
 * clients test before anything else.
 */
export class PredictionErrorDto extends ErrorResponseDto {
  @ApiProperty({ type: 'boolean', enum: [false], example: false })
  success!: false;

  @ApiProperty({ type: 'null', description: 'Always null on failure.', example: null })
  prediction!: null;

  @ApiProperty({ type: 'null', description: 'Always null on failure.', example: null })
  score!: null;
}
