import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { DecisionRecordData } from '@moderation/contracts';
import { decisionAuditEntry } from './audit-entries';
import { AuditLogWriter } from './audit-log.writer';
import { DecisionCsvWriter } from './decision-csv.writer';

/**
 * Records a moderator's decision: a row of `decisions.csv`, then an entry of the audit log. Both
 * skip what a previous attempt already wrote, so a retry after either failed writes each once.
 */
@Injectable()
export class DecisionRecorder {
  constructor(
    private readonly csv: DecisionCsvWriter,
    private readonly audit: AuditLogWriter,
    @InjectPinoLogger(DecisionRecorder.name) private readonly logger: PinoLogger,
  ) {}

  async record(record: DecisionRecordData, attempt: number): Promise<void> {
    const log = {
      requestId: record.requestId,
      decisionId: record.decisionId,
      moderationId: record.moderation.id,
      attempt,
    };
    try {
      const row = await this.csv.append(record);
      const entry = await this.audit.append(decisionAuditEntry(record));
      this.logger.info({ ...log, row, entry }, 'decision recorded');
    } catch (error) {
      this.logger.warn({ ...log, err: error }, 'decision not recorded yet; will retry');
      throw error;
    }
  }
}
