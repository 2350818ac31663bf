import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import {
  IsObject,
  Matches,
  ValidateBy,
  validateSync,
  type ValidationArguments,
  type ValidationError,
} from 'class-validator';
import type { ModerationPolicy } from '../model-manifest';

/**
 * The moderation policy the service applies, versioned apart from the models: thresholds
 * change more often than models, and every verdict says which policy version gave it.
 */
export interface PolicyFile {
  version: string;
  /** Thresholds by model id; a model not listed keeps its manifest's thresholds. */
  models: Record<string, ModerationPolicy>;
}

export class InvalidPolicyFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'InvalidPolicyFileError';
  }
}

const modelId = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

function thresholdProblems(value: unknown, path: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [`${path} must be an object with "reject" and "review" thresholds`];
  }
  const policy = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(policy)) {
    if (key !== 'reject' && key !== 'review')
      problems.push(`${path}.${key} is not a threshold kind (reject, review)`);
  }
  for (const kind of ['reject', 'review'] as const) {
    const thresholds = policy[kind];
    if (typeof thresholds !== 'object' || thresholds === null || Array.isArray(thresholds)) {
      problems.push(`${path}.${kind} must be an object of class name → threshold`);
      continue;
    }
    for (const [label, threshold] of Object.entries(thresholds)) {
      if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1)) {
        problems.push(`${path}.${kind}.${label} must be a number above 0 and at most 1`);
      }
    }
  }
  return problems;
}

class PolicyFileSchema {
  @Matches(/^[\w.:+-]{1,64}$/, {
    message: 'version must be 1 to 64 letters, digits or . : + - _ (e.g. 2026-12-02.1)',
  })
  version!: string;

  @IsObject({ message: 'models must be an object of model id → thresholds' })
  @ValidateBy({
    name: 'policies',
    validator: {
      validate: (value: unknown) => modelProblems(value).length === 0,
      defaultMessage: (args: ValidationArguments) => modelProblems(args.value).join('; '),
    },
  })
  models!: Record<string, ModerationPolicy>;
}

function modelProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([id, policy]) =>
    modelId.test(id)
      ? thresholdProblems(policy, `models.${id}`)
      : [`models.${id}: not a model id (lower-case letters, digits, . _ -)`],
  );
}

const messages = (errors: ValidationError[]): string[] =>
  errors.flatMap((error) => Object.values(error.constraints ?? {}));

/** Checks a parsed policy file; throws {@link InvalidPolicyFileError} naming every problem. */
export function validatePolicyFile(raw: unknown): PolicyFile {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidPolicyFileError(['the policy file must hold a JSON object {version, models}']);
  }
  const problems = messages(validateSync(plainToInstance(PolicyFileSchema, raw)));
  if (problems.length > 0) throw new InvalidPolicyFileError(problems);
  const { version, models } = raw as PolicyFile;
  return { version, models };
}

/** The policy a model is judged by, and its version. */
export interface AppliedPolicy {
  version: string;
  thresholds: ModerationPolicy;
}

/**
 * A model's policy: the file's entry for it when there is one, else the thresholds of its own
 * manifest, versioned by the model (`manifest:<id>@<version>`).
 */
export function policyFor(
  model: { id: string; version: string },
  manifestPolicy: ModerationPolicy,
  file: PolicyFile | undefined,
): AppliedPolicy {
  const listed = file?.models[model.id];
  if (file && listed) return { version: file.version, thresholds: listed };
  return { version: `manifest:${model.id}@${model.version}`, thresholds: manifestPolicy };
}
