import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { parse } from 'fast-csv';
import { feedbackCsvColumns, feedbackCsvFile, type FeedbackCsvRow } from '@moderation/contracts';
import { GatewayEnv } from '../config/gateway-env';

/** What the review page filters on; every field is optional and they combine with "and". */
export interface ReviewFilter {
  prediction?: string;
  correctLabel?: string;
  source?: string;
  model?: string;
  /** First and last day (`YYYY-MM-DD`, UTC) of `received_at`, both inclusive. */
  from?: string;
  to?: string;
}

/** Values seen in the file, for the filter form's menus. */
export interface ReviewChoices {
  prediction: string[];
  correctLabel: string[];
  model: string[];
}

/** One page of the review list. */
export interface ReviewSlice {
  /** Newest first. */
  rows: FeedbackCsvRow[];
  /** Reports matching the filter in the whole file. */
  total: number;
  choices: ReviewChoices;
}

/** Distinct values kept per menu: a file full of one-off values must not grow the page or memory. */
export const choiceLimit = 200;

/** The UTC day (`YYYY-MM-DD`) of an ISO time, or undefined when it is not one. */
function utcDay(time: string): string | undefined {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 10);
}

/** Whether a row passes every filter that is set. */
export function matchesReview(row: FeedbackCsvRow, filter: ReviewFilter): boolean {
  if (filter.prediction !== undefined && row.prediction !== filter.prediction) return false;
  if (filter.correctLabel !== undefined && row.correct_label !== filter.correctLabel) return false;
  if (filter.source !== undefined && row.source !== filter.source) return false;
  if (filter.model !== undefined && row.model !== filter.model) return false;
  if (filter.from === undefined && filter.to === undefined) return true;
  const day = utcDay(row.received_at);
  if (day === undefined) return false;
  return (
    (filter.from === undefined || day >= filter.from) &&
    (filter.to === undefined || day <= filter.to)
  );
}

/**
 * Reads the feedback CSV the workers write, for the data team's export and review page.
 *
 * The file only grows and nothing indexes it, so the review page streams it instead of loading
 * it: memory stays at one page of rows (plus {@link choiceLimit} menu values) whatever the file's
 * size. The price is time: every request parses the file once, and a page other than the first
 * parses it a second time (the first pass counts the matches, so the second knows which ones
 * make the page). Reading it backwards from the end would make the newest page cheap, but a
 * quoted comment may hold line breaks, so row boundaries can only be found from the start; and
 * caching the parsed file would hold all of it in memory. When the file grows too large for a
 * pass per request, the data team's reports belong in a database with an index, not here.
 */
@Injectable()
export class FeedbackCsvReader {
  constructor(private readonly env: GatewayEnv) {}

  /** Reports per page of the review page. */
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

  /**
   * Page `page` (1-based, newest first, `pageSize` rows) of the rows matching `filter`, their
   * total, and the values seen for the menus. A page past the end has no rows.
   */
  async review(filter: ReviewFilter, page: number, pageSize: number): Promise<ReviewSlice> {
    const seen = {
      prediction: new Set<string>(),
      correctLabel: new Set<string>(),
      model: new Set<string>(),
    };
    const remember = (set: Set<string>, value: string) => {
      if (value && set.size < choiceLimit) set.add(value);
    };
    // The newest page comes out of the first pass: the last `pageSize` matches stay in a ring.
    const ring: FeedbackCsvRow[] = [];
    let total = 0;
    await this.scan((row) => {
      remember(seen.prediction, row.prediction);
      remember(seen.correctLabel, row.correct_label);
      remember(seen.model, row.model);
      if (!matchesReview(row, filter)) return true;
      if (page === 1) ring[total % pageSize] = row;
      total += 1;
      return true;
    });
    const choices = {
      prediction: [...seen.prediction].sort(),
      correctLabel: [...seen.correctLabel].sort(),
      model: [...seen.model].sort(),
    };
    if (page === 1) {
      const rows: FeedbackCsvRow[] = [];
      for (let index = total - 1; index >= Math.max(0, total - pageSize); index -= 1) {
        rows.push(ring[index % pageSize]);
      }
      return { rows, total, choices };
    }

    // Matches are numbered from the start of the file: rows appended meanwhile come after
    // them, so the numbers the first pass counted still point at the same rows.
    const end = total - (page - 1) * pageSize;
    const start = Math.max(0, end - pageSize);
    const rows: FeedbackCsvRow[] = [];
    if (end > 0) {
      let index = 0;
      await this.scan((row) => {
        if (!matchesReview(row, filter)) return true;
        if (index >= start) rows.push(row);
        index += 1;
        return index < end;
      });
    }
    return { rows: rows.reverse(), total, choices };
  }

  /** Hands each row to `visit` in file order until it answers false or the file ends. */
  private async scan(visit: (row: FeedbackCsvRow) => boolean): Promise<void> {
    const source = await this.stream();
    if (typeof source === 'string') return;
    // pipeline() passes a read error on to the parser, so the loop below throws it.
    const rows = pipeline(
      source,
      parse<FeedbackCsvRow, FeedbackCsvRow>({ headers: true, ignoreEmpty: true }),
      () => undefined,
    );
    try {
      for await (const row of rows) {
        if (!visit(row as FeedbackCsvRow)) break;
      }
    } finally {
      source.destroy();
    }
  }
}
