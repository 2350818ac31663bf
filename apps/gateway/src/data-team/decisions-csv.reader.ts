import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { parse } from 'fast-csv';
import { decisionCsvFile } from '@moderation/contracts';
import { GatewayEnv } from '../config/gateway-env';

/** Reads the moderators' decisions the workers write, for the data team's quality page. */
@Injectable()
export class DecisionsCsvReader {
  constructor(private readonly env: GatewayEnv) {}

  get path(): string {
    return join(this.env.FEEDBACK_DIR, decisionCsvFile);
  }

  /**
   * Every row by column name, streamed through fast-csv; none while no decision has been
   * written. Cells beyond the header are dropped rather than failing the page: the worker writes
   * the header once, when the file is new, so rows written after a column was added outnumber it.
   */
  rows(): Promise<Record<string, string>[]> {
    return new Promise((resolve, reject) => {
      const rows: Record<string, string>[] = [];
      const source = createReadStream(this.path);
      source.on('error', (error: NodeJS.ErrnoException) =>
        error.code === 'ENOENT' ? resolve([]) : reject(error),
      );
      source
        .pipe(
          parse<Record<string, string>, Record<string, string>>({
            headers: true,
            ignoreEmpty: true,
            discardUnmappedColumns: true,
          }),
        )
        .on('data', (row: Record<string, string>) => rows.push(row))
        .on('error', reject)
        .on('end', () => resolve(rows));
    });
  }
}
