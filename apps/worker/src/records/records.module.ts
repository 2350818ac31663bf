import { Module } from '@nestjs/common';
import { AuditLogWriter } from './audit-log.writer';
import { DecisionCsvWriter } from './decision-csv.writer';
import { DecisionRecorder } from './decision.recorder';
import { StartupRecorder } from './startup.recorder';

/**
 * The data team's records besides reports: `decisions.csv` and the audit log. Its recorders run
 * from the feedback queue's consumer, the single writer of those files.
 */
@Module({
  providers: [DecisionCsvWriter, AuditLogWriter, DecisionRecorder, StartupRecorder],
  exports: [DecisionRecorder, StartupRecorder],
})
export class RecordsModule {}
