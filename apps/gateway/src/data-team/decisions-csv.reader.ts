import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { decisionCsvFile } from '@moderation/contracts';
import { readDecisionRows } from '@moderation/quality';
import { GatewayEnv } from '../config/gateway-env';

/** Reads the moderators' decisions the workers write, for the data team's quality page. */
@Injectable()
export class DecisionsCsvReader {
  constructor(private readonly env: GatewayEnv) {}

  get path(): string {
    return join(this.env.FEEDBACK_DIR, decisionCsvFile);
  }

  /** Every row by column name; none while no decision has been written. */
  async rows(): Promise<Record<string, string>[]> {
    return (await readDecisionRows(this.path)) ?? [];
  }
}
