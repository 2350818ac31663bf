import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import {
  decisionCsvColumns,
  decisionCsvFile,
  type DecisionRecordData,
} from '@moderation/contracts';
import { WorkerEnv } from '../config/worker-env';
import { appendCsvRowOnce } from './csv-file';
import { decisionRow } from './decision-row';

/**
 * Appends moderators' decisions to the data team's `decisions.csv`, beside `feedback.csv` and
 * written the same way: one writer at a time, each row flushed before its job completes.
 */
@Injectable()
export class DecisionCsvWriter {
  constructor(private readonly env: WorkerEnv) {}

  get path(): string {
    return join(this.env.FEEDBACK_DIR, decisionCsvFile);
  }

  /** Appends one decision; false when its row is already there (a retried job whose write landed). */
  append(record: DecisionRecordData): Promise<boolean> {
    return appendCsvRowOnce(this.path, decisionCsvColumns, decisionRow(record), record.decisionId);
  }
}
