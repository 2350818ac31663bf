import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';

/*
 * The manifest's rules, declared field by field. Messages say what a field must be; the
 * validator prefixes each with the field's path (`input.layout: NHWC or NCHW`).
 */

const kernels = ['nearest', 'linear', 'cubic', 'mitchell', 'lanczos2', 'lanczos3'];
const fits = ['fill', 'cover', 'contain'];

class InputSchema {
  @IsString({ message: 'the ONNX input name' })
  @MinLength(1, { message: 'the ONNX input name' })
  name!: string;

  @IsIn(['NHWC', 'NCHW'], { message: 'NHWC or NCHW' })
  layout!: string;

  @IsInt({ message: 'a positive integer' })
  @IsPositive({ message: 'a positive integer' })
  height!: number;

  @IsInt({ message: 'a positive integer' })
  @IsPositive({ message: 'a positive integer' })
  width!: number;

  @IsIn(['RGB', 'BGR'], { message: 'RGB or BGR' })
  channelOrder!: string;
}

class OutputSchema {
  @IsString({ message: 'the ONNX output name' })
  @MinLength(1, { message: 'the ONNX output name' })
  name!: string;

  @IsIn(['probabilities', 'logits'], { message: 'probabilities or logits' })
  kind!: string;
}

class ResizeSchema {
  @IsIn(['bilinear-align-corners', 'sharp'], { message: 'bilinear-align-corners or sharp' })
  method!: string;

  @ValidateIf((resize: ResizeSchema) => resize.method === 'sharp')
  @IsIn(kernels, { message: `one of ${kernels.join(', ')}` })
  kernel?: string;

  @ValidateIf((resize: ResizeSchema) => resize.method === 'sharp')
  @IsIn(fits, { message: `one of ${fits.join(', ')}` })
  fit?: string;
}

const triple = { message: 'three numbers' };

class PreprocessSchema {
  @IsObject({ message: 'an object with a method' })
  @ValidateNested()
  @Type(() => ResizeSchema)
  resize!: ResizeSchema;

  @IsOptional()
  @IsIn(['exact', 'fast'], { message: 'exact or fast' })
  decode?: string;

  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'a positive number' })
  @IsPositive({ message: 'a positive number' })
  scale!: number;

  @IsArray(triple)
  @ArrayMinSize(3, triple)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true, ...triple })
  mean!: number[];

  @IsArray({ message: 'three positive numbers' })
  @ArrayMinSize(3, { message: 'three positive numbers' })
  @IsPositive({ each: true, message: 'three positive numbers' })
  std!: number[];
}

/**
 * The moderation policy: `reject` and `review`, each a map of class name to threshold, every name
 * one of the manifest's labels and every threshold from 0 to 1. Its messages continue the path
 * into the maps (`.reject.bird: not one of the labels`), which the validator appends as they are.
 */
function IsPolicy(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPolicy',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          policyProblems(value, args).length === 0,
        defaultMessage: (args: ValidationArguments) => policyProblems(args.value, args).join('; '),
      },
    });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function policyProblems(value: unknown, args: ValidationArguments): string[] {
  if (!isRecord(value)) return [': an object with reject and review thresholds'];
  const labels = (args.object as { labels?: unknown }).labels;
  return (['reject', 'review'] as const).flatMap((kind) => {
    const thresholds = value[kind];
    if (!isRecord(thresholds)) return [`.${kind}: an object of class name to threshold`];
    return Object.entries(thresholds).flatMap(([label, threshold]) => [
      ...(Array.isArray(labels) && labels.includes(label)
        ? []
        : [`.${kind}.${label}: not one of the labels`]),
      ...(typeof threshold === 'number' && threshold >= 0 && threshold <= 1
        ? []
        : [`.${kind}.${label}: a number from 0 to 1`]),
    ]);
  });
}

export class ManifestSchema {
  @IsString({ message: 'letters, digits, _ . - only' })
  @Matches(/^[\w.-]+$/, { message: 'letters, digits, _ . - only' })
  id!: string;

  @IsString({ message: 'a non-empty string' })
  @MinLength(1, { message: 'a non-empty string' })
  version!: string;

  @IsOptional()
  @IsString({ message: 'a string' })
  description?: string;

  @IsString({ message: 'a file name next to the manifest' })
  @Matches(/^[^/]+$/, { message: 'a file name next to the manifest' })
  file!: string;

  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: '64 hex digits' })
  sha256?: string;

  @IsObject({ message: 'an object' })
  @ValidateNested()
  @Type(() => InputSchema)
  input!: InputSchema;

  @IsObject({ message: 'an object' })
  @ValidateNested()
  @Type(() => OutputSchema)
  output!: OutputSchema;

  @IsObject({ message: 'an object' })
  @ValidateNested()
  @Type(() => PreprocessSchema)
  preprocess!: PreprocessSchema;

  @IsArray({ message: 'at least two distinct class names' })
  @ArrayMinSize(2, { message: 'at least two distinct class names' })
  @ArrayUnique({ message: 'at least two distinct class names' })
  @IsString({ each: true, message: 'at least two distinct class names' })
  @MinLength(1, { each: true, message: 'at least two distinct class names' })
  labels!: string[];

  @IsPolicy()
  policy!: Record<'reject' | 'review', Record<string, number>>;
}
