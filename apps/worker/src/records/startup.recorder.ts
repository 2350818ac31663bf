import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { StartupRecordData } from '@moderation/contracts';
import { startupAuditEntry } from './audit-entries';
import { AuditLogWriter } from './audit-log.writer';

/** Records a worker's start (its models, versions and thresholds) as an entry of the audit log. */
@Injectable()
export class StartupRecorder {
  constructor(
    private readonly audit: AuditLogWriter,
    @InjectPinoLogger(StartupRecorder.name) private readonly logger: PinoLogger,
  ) {}

  async record(start: StartupRecordData, attempt: number): Promise<void> {
    const log = { startId: start.startId, host: start.host, attempt };
    try {
      const entry = await this.audit.append(startupAuditEntry(start));
      this.logger.info({ ...log, entry }, 'start recorded');
    } catch (error) {
      this.logger.warn({ ...log, err: error }, 'start not recorded yet; will retry');
      throw error;
    }
  }
}
