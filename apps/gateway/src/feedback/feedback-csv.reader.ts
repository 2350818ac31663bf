import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { parse } from 'fast-csv';
import { feedbackCsvColumns, feedbackCsvFile, type FeedbackCsvRow } from '@moderation/contracts';
import { GatewayEnv } from '../config/gateway-env';

/** Reads the feedback CSV the workers write, for the data team's export and review page. */
@Injectable()
export class FeedbackCsvReader {
  constructor(private readonly env: GatewayEnv) {}

  /** Reports the review page lists. */
  get pageSize(): number {
    return this.env.REVIEW_PAGE_SIZE;
  }

  get path(): string {
    return join(this.env.FEEDBACK_DIR, feedbackCsvFile);
  }

  /** The file as it is now; a header alone while no report has been written. */
  async stream(): Promise<Readable | string> {
    try {
      await access(this.path);
      return createReadStream(this.path);
    } catch {
      return `${feedbackCsvColumns.join(',')}\n`;
    }
  }

  /** The newest rows, newest first, streaming the file so its size does not matter. */
  async latest(count: number): Promise<FeedbackCsvRow[]> {
    const source = await this.stream();
    if (typeof source === 'string') return [];
    const rows: FeedbackCsvRow[] = [];
    await new Promise<void>((resolve, reject) => {
      source
        .pipe(parse<FeedbackCsvRow, FeedbackCsvRow>({ headers: true, ignoreEmpty: true }))
        .on('data', (row: FeedbackCsvRow) => {
          rows.push(row);
          if (rows.length > count) rows.shift();
        })
        .on('error', reject)
        .on('end', () => resolve());
    });
    return rows.reverse();
  }
}
