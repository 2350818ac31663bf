import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

const modelId = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/** An optional `model` form field: a model id, checked before anything is stored or queued. */
export function ModelField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description:
        "Id of a loaded model, e.g. `mobilenet_v2` or `inception_v3` (slower); the workers' default model when absent.",
      pattern: modelId.source,
    }),
    IsOptional(),
    Matches(modelId, { message: 'model must be a model id such as mobilenet_v2' }),
  );
}
