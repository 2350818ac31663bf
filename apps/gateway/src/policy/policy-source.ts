import { readFileSync } from 'node:fs';
import {
  InvalidPolicyFileError,
  validatePolicyFile,
  type PolicyFile,
} from '@moderation/model-manifest';
import { ConfigValidationError } from '@moderation/platform';

/** The policy file the gateway started with; none means every model's own thresholds. */
export class PolicySource {
  private constructor(
    readonly file: PolicyFile | undefined,
    readonly path: string | undefined,
  ) {}

  /** Reads and checks `POLICY_FILE` once, at start-up; a bad file stops the start, saying why. */
  static load(path: string | undefined): PolicySource {
    if (!path) return new PolicySource(undefined, undefined);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new ConfigValidationError([`POLICY_FILE: cannot read ${path} as JSON: ${why}`]);
    }
    try {
      return new PolicySource(validatePolicyFile(raw), path);
    } catch (error) {
      if (!(error instanceof InvalidPolicyFileError)) throw error;
      throw new ConfigValidationError(
        error.problems.map((problem) => `POLICY_FILE ${path}: ${problem}`),
      );
    }
  }
}
