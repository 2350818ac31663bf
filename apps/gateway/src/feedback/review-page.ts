import type { FeedbackCsvRow } from '@moderation/contracts';
import { reportSources } from './dto/review-query.dto';
import type { ReviewFilter, ReviewSlice } from './feedback-csv.reader';

/** Where the data team's review page lives; its links and form point here. */
export const reviewPath = '/feedback/review';

/** The query parameters that filter, in the order links write them. */
const filterKeys = ['prediction', 'correctLabel', 'source', 'model', 'from', 'to'] as const;

/**
 * One option of a filter menu; the chosen one stays selected after the form is sent. `selected`
 * is the attribute itself, written where the template has `{{selected}}` (a block inside a tag
 * is not valid to Prettier's Handlebars parser, and `selected='false'` would still select).
 */
export interface MenuOption {
  value: string;
  selected: 'selected' | '';
}

/** A report as the page shows it. */
export interface ReviewRowView extends FeedbackCsvRow {
  /** `received_at` as an ISO time for `<time datetime>`; absent when it does not parse. */
  receivedIso?: string;
  /** What the page says without JavaScript: UTC, labelled so. */
  receivedText: string;
}

/** What the review template shows. */
export interface ReviewView {
  title: string;
  reports: ReviewRowView[];
  total: number;
  page: number;
  pages: number;
  summary: string;
  /** Links to the neighbouring pages, keeping the filters; absent at either end. */
  newer?: string;
  older?: string;
  /** Set when the page asked for is past the end: the way back to the last one. */
  back?: { href: string; text: string };
  filtered: boolean;
  menus: Record<'prediction' | 'correctLabel' | 'source' | 'model', MenuOption[]>;
  from?: string;
  to?: string;
}

/** The page's address with these filters (empty ones left out) and page (left out when 1). */
export function reviewHref(filter: ReviewFilter, page: number): string {
  const params = new URLSearchParams();
  for (const key of filterKeys) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `${reviewPath}?${query}` : reviewPath;
}

/**
 * `received_at` as the server shows it: minutes in UTC, said to be UTC. The page's script turns
 * it into the reader's local time; the server cannot, since it does not know the reader's zone.
 */
export function receivedTime(time: string): { iso?: string; text: string } {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) return { text: time };
  const iso = new Date(ms).toISOString();
  return { iso, text: `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` };
}

/** A menu of the values seen, with the chosen one kept even when no report has it (any more). */
function menu(values: readonly string[], chosen: string | undefined): MenuOption[] {
  const all = chosen !== undefined && !values.includes(chosen) ? [...values, chosen] : values;
  return all.map((value) => ({ value, selected: value === chosen ? 'selected' : '' }));
}

function reports(count: number, filtered: boolean): string {
  const noun = count === 1 ? 'report' : 'reports';
  if (!filtered) return `${count} ${noun}`;
  return `${count} ${noun} ${count === 1 ? 'matches' : 'match'} the filters`;
}

/** The review page for one page of a filtered list. */
export function reviewView(
  filter: ReviewFilter,
  page: number,
  pageSize: number,
  slice: ReviewSlice,
): ReviewView {
  const { total, choices } = slice;
  const filtered = filterKeys.some((key) => filter[key] !== undefined);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const pastEnd = page > pages;
  let summary: string;
  if (total === 0) {
    summary = filtered ? 'No report matches the filters.' : 'No report yet.';
  } else if (pastEnd) {
    summary = `Page ${page} is past the end: ${reports(total, filtered)}, on ${pages} ${pages === 1 ? 'page' : 'pages'}.`;
  } else {
    summary = `${reports(total, filtered)}. Page ${page} of ${pages}.`;
  }
  return {
    title: 'Reported predictions',
    reports: slice.rows.map((row) => {
      const received = receivedTime(row.received_at);
      return { ...row, receivedIso: received.iso, receivedText: received.text };
    }),
    total,
    page,
    pages,
    summary,
    newer: page > 1 && !pastEnd ? reviewHref(filter, page - 1) : undefined,
    older: page < pages ? reviewHref(filter, page + 1) : undefined,
    back: pastEnd
      ? {
          href: reviewHref(filter, pages),
          text: pages === 1 ? 'Back to the first page' : `Back to the last page (${pages})`,
        }
      : undefined,
    filtered,
    menus: {
      prediction: menu(choices.prediction, filter.prediction),
      correctLabel: menu(choices.correctLabel, filter.correctLabel),
      source: menu(reportSources, filter.source),
      model: menu(choices.model, filter.model),
    },
    from: filter.from,
    to: filter.to,
  };
}
