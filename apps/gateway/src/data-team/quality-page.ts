import {
  formatDuration,
  formatPercent,
  formatScore,
  humanDecisions,
  modelVerdicts,
  type QualityReport,
  type Spread,
} from '@moderation/quality';

/** Photos waiting for a person and on a moderator's screen now; unknown when Redis is silent. */
export interface Backlog {
  waiting: number;
  inReview: number;
}

/** A number as the page writes it, with the exact value for whoever reads the markup. */
interface Shown {
  text: string;
  value: string;
}

/** Charts are drawn in a 480-unit wide box that CSS scales to the column's width. */
const chartWidth = 480;
const labelWidth = 120;
const valueWidth = 84;
const barArea = chartWidth - labelWidth - valueWidth;

const round = (value: number) => Math.round(value * 10) / 10;
const raw = (value: number | null) => (value === null ? '' : String(value));

/** An id fragment for a class name from the file: letters, digits, `-` and `_` only. */
export function idFor(label: string): string {
  return label.replace(/[^A-Za-z0-9_-]/g, '_');
}

interface HorizontalBar {
  label: string;
  labelX: number;
  barX: number;
  text: string;
  className: string;
  labelY: number;
  barY: number;
  barWidth: number;
  barHeight: number;
  valueX: number;
}

/** Bars from the left, one per row, scaled to `max`; a row without a value gets no bar. */
function horizontalBars(
  rows: { label: string; value: number | null; text: string; className: string }[],
  max: number,
  rowHeight = 26,
  barHeight = 16,
): { height: number; bars: HorizontalBar[] } {
  return {
    height: rows.length * rowHeight + 4,
    bars: rows.map((row, i) => {
      const barWidth = row.value === null || max <= 0 ? 0 : round((row.value / max) * barArea);
      const top = 2 + i * rowHeight;
      return {
        label: row.label,
        labelX: labelWidth - 8,
        barX: labelWidth,
        text: row.text,
        className: row.className,
        labelY: round(top + rowHeight / 2 + 4),
        barY: round(top + (rowHeight - barHeight) / 2),
        barWidth,
        barHeight,
        valueX: round(labelWidth + barWidth + 6),
      };
    }),
  };
}

/** Columns per day, approvals at the bottom and rejections stacked on them. */
function perDayChart(days: QualityReport['decisionsPerDay']) {
  const height = 200;
  const left = 36;
  const top = 16;
  const bottom = 170;
  const plot = chartWidth - left - 8;
  const max = Math.max(1, ...days.map((d) => d.approve + d.reject));
  const step = plot / Math.max(days.length, 1);
  const width = Math.min(step * 0.7, 48);
  // At most about a dozen dates under the axis, so they never overlap.
  const every = Math.ceil(days.length / 12);
  const scale = (count: number) => round(((bottom - top) * count) / max);
  return {
    width: chartWidth,
    height,
    left,
    baseline: bottom,
    top,
    max,
    right: chartWidth - 8,
    columns: days.map((d, i) => {
      const x = round(left + i * step + (step - width) / 2);
      const approveHeight = scale(d.approve);
      const rejectHeight = scale(d.reject);
      return {
        day: d.day,
        x,
        width: round(width),
        approveY: round(bottom - approveHeight),
        approveHeight,
        rejectY: round(bottom - approveHeight - rejectHeight),
        rejectHeight,
        tickX: round(x + width / 2),
        tick: i % every === 0 ? d.day.slice(5) : '',
        title: `${d.day}: ${d.approve} approved, ${d.reject} rejected`,
      };
    }),
  };
}

function durationShown(value: number | null): Shown {
  return { text: formatDuration(value), value: raw(value) };
}

function timesView(what: string, id: string, spread: Spread) {
  return {
    id,
    what,
    n: spread.n,
    median: durationShown(spread.median),
    p90: durationShown(spread.p90),
    chart: horizontalBars(
      [
        {
          label: 'median',
          value: spread.median,
          text: formatDuration(spread.median),
          className: 'median',
        },
        {
          label: '90th percentile',
          value: spread.p90,
          text: formatDuration(spread.p90),
          className: 'p90',
        },
      ],
      spread.p90 ?? 0,
    ),
    ariaLabel:
      `${what}: median ${formatDuration(spread.median)}, ` +
      `90th percentile ${formatDuration(spread.p90)}, over ${spread.n} decisions`,
  };
}

/** The unsafe share's point estimate and interval on a 0–100 % axis. */
function intervalChart(share: number | null, low: number | null, high: number | null) {
  const left = 16;
  const right = chartWidth - 16;
  const at = (value: number) => round(left + value * (right - left));
  return {
    width: chartWidth,
    height: 64,
    left,
    right,
    axisY: 44,
    ticks: [0, 0.25, 0.5, 0.75, 1].map((value) => ({ x: at(value), text: `${value * 100} %` })),
    ...(share === null || low === null || high === null
      ? {}
      : { estimate: { x: at(share), lowX: at(low), highX: at(high), y: 22 } }),
  };
}

/** Everything the data team's page shows, worked out for the template. */
export function qualityPageView(
  report: QualityReport,
  backlog: Backlog | undefined,
  query: { from?: string; to?: string; precision?: number },
) {
  const { decisionsPerDay, confusion, times, classes, sampledUnsafe, thresholds } = report;
  const first = decisionsPerDay[0]?.day;
  const last = decisionsPerDay[decisionsPerDay.length - 1]?.day;
  const target = formatPercent(report.precisionTarget);
  return {
    title: 'Model quality',
    form: {
      from: query.from ?? '',
      to: query.to ?? '',
      precision: String(report.precisionTarget),
    },
    rows: report.rows,
    unreadable: report.unreadable,
    span: first ? (first === last ? first : `${first} to ${last}`) : '',
    hasDecisions: report.rows > 0,
    unsafeClasses: report.unsafeClasses.join(', '),
    decisions: report.decisions,
    perDay: {
      rows: decisionsPerDay.map((d) => ({ ...d, total: d.approve + d.reject })),
      chart: perDayChart(decisionsPerDay),
      ariaLabel:
        `Decisions per day${first ? ` from ${first} to ${last}` : ''}, approvals below ` +
        `rejections: ${report.decisions.approve} approved and ${report.decisions.reject} ` +
        'rejected in all; each day is in the table below',
    },
    backlog: backlog && {
      ...backlog,
      chart: horizontalBars(
        [
          {
            label: 'waiting',
            value: backlog.waiting,
            text: String(backlog.waiting),
            className: 'waiting',
          },
          {
            label: 'in review',
            value: backlog.inReview,
            text: String(backlog.inReview),
            className: 'in-review',
          },
        ],
        Math.max(backlog.waiting, backlog.inReview, 1),
      ),
      ariaLabel: `Review queue now: ${backlog.waiting} waiting, ${backlog.inReview} in review`,
    },
    times: [
      timesView('Waited: from entering the queue to the decision', 'waited', times.waitedMs),
      timesView('Took: from a moderator taking the photo to the decision', 'took', times.tookMs),
    ],
    confusion: modelVerdicts.map((verdict) => {
      const total = humanDecisions.reduce((sum, d) => sum + confusion[verdict][d], 0);
      return {
        verdict,
        total,
        cells: humanDecisions.map((decision) => ({
          id: `confusion-${verdict}-${decision}`,
          count: confusion[verdict][decision],
          share: formatPercent(total === 0 ? null : confusion[verdict][decision] / total, 0),
          // Where the person agreed with a verdict the model did not leave to a person.
          className:
            (verdict === 'approved' && decision === 'approve') ||
            (verdict === 'rejected' && decision === 'reject')
              ? 'agrees'
              : '',
        })),
      };
    }),
    classes: {
      withGroundTruth: classes.withGroundTruth,
      withoutGroundTruth: classes.withoutGroundTruth,
      rows: classes.perClass.map((c) => ({
        ...c,
        id: idFor(c.label),
        precisionShown: { text: formatPercent(c.precision), value: raw(c.precision) },
        recallShown: { text: formatPercent(c.recall), value: raw(c.recall) },
      })),
      chart: horizontalBars(
        classes.perClass.flatMap((c) => [
          {
            label: `${c.label} precision`,
            value: c.precision,
            text: formatPercent(c.precision),
            className: 'precision',
          },
          {
            label: `${c.label} recall`,
            value: c.recall,
            text: formatPercent(c.recall),
            className: 'recall',
          },
        ]),
        1,
        20,
        13,
      ),
      ariaLabel:
        'Precision and recall per class: ' +
        classes.perClass
          .map(
            (c) =>
              `${c.label} ${formatPercent(c.precision)} precision, ${formatPercent(c.recall)} recall`,
          )
          .join('; '),
    },
    sampled: {
      n: sampledUnsafe.n,
      k: sampledUnsafe.k,
      share: { text: formatPercent(sampledUnsafe.share), value: raw(sampledUnsafe.share) },
      low: { text: formatPercent(sampledUnsafe.low), value: raw(sampledUnsafe.low) },
      high: { text: formatPercent(sampledUnsafe.high), value: raw(sampledUnsafe.high) },
      chart: intervalChart(sampledUnsafe.share, sampledUnsafe.low, sampledUnsafe.high),
      ariaLabel:
        sampledUnsafe.n === 0
          ? 'No sampled approval was decided'
          : `Unsafe share of sampled approvals: ${formatPercent(sampledUnsafe.share)}, 95 % ` +
            `interval ${formatPercent(sampledUnsafe.low)} to ${formatPercent(sampledUnsafe.high)}, ` +
            `${sampledUnsafe.n} samples`,
    },
    thresholds: {
      target,
      rows: thresholds.map((t) => ({
        ...t,
        id: idFor(t.label),
        found: t.threshold !== null,
        thresholdShown: { text: formatScore(t.threshold), value: raw(t.threshold) },
        precisionShown: formatPercent(t.precision),
        savedShown: { text: formatPercent(t.reviewShare), value: raw(t.reviewShare) },
      })),
    },
  };
}

export type QualityPageView = ReturnType<typeof qualityPageView>;

/** Photos one day got, by the model's verdict (UTC days, oldest first). */
export interface VerdictDay {
  day: string;
  counts: Record<string, number>;
}

const verdictOrder = ['approved', 'review', 'rejected'] as const;

/**
 * Photos per day by the model's verdict: one stacked horizontal bar per day (approved, then
 * review, then rejected), with the numbers in a table beside it.
 */
export function photosPerDayView(days: VerdictDay[] | undefined) {
  if (!days) return undefined;
  const rows = days.map(({ day, counts }) => {
    const [approved, review, rejected] = verdictOrder.map((verdict) => counts[verdict] ?? 0);
    return { day, approved, review, rejected, total: approved + review + rejected };
  });
  const max = Math.max(1, ...rows.map((row) => row.total));
  const rowHeight = 18;
  const scale = (count: number) => round((count / max) * barArea);
  const all = rows.reduce(
    (sum, row) => ({
      approved: sum.approved + row.approved,
      review: sum.review + row.review,
      rejected: sum.rejected + row.rejected,
    }),
    { approved: 0, review: 0, rejected: 0 },
  );
  return {
    rows,
    all,
    chart: {
      width: chartWidth,
      height: rows.length * rowHeight + 4,
      bars: rows.map((row, i) => {
        const y = 2 + i * rowHeight;
        let x = labelWidth;
        const segments = verdictOrder.map((verdict) => {
          const width = scale(row[verdict]);
          const segment = {
            // Prefixed: `review` alone is the report table's class, whose CSS width would apply.
            className: `verdict-${verdict}`,
            x: round(x),
            width,
            y: round(y + 2),
            height: rowHeight - 4,
          };
          x += width;
          return segment;
        });
        return {
          day: row.day,
          labelX: labelWidth - 8,
          labelY: round(y + rowHeight / 2 + 4),
          segments,
          valueX: round(x + 6),
          total: row.total,
          title: `${row.day}: ${row.approved} approved, ${row.review} to review, ${row.rejected} rejected`,
        };
      }),
    },
    ariaLabel:
      `Photos per day by the verdict of the model, last ${rows.length} days: ` +
      `${all.approved} approved, ${all.review} sent to review, ${all.rejected} rejected; ` +
      'each day is in the table below',
  };
}
