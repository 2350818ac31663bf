import {
  formatDuration,
  formatPercent,
  formatScore,
  humanDecisions,
  modelVerdicts,
  unknown,
  type QualityReport,
  type Spread,
} from '@moderation/quality';

/** A plain-text table: the first column left-aligned, numbers right-aligned, two spaces apart. */
export function formatTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [header, ...rows].map((row) => `  ${line(row)}`).join('\n');
}

function timeRow(what: string, { n, median, p90 }: Spread): string[] {
  return [what, String(n), formatDuration(median), formatDuration(p90)];
}

function range(report: QualityReport): string {
  if (!report.from && !report.to) return 'all decisions';
  return `decided from ${report.from ?? 'the start'} to ${report.to ?? 'the end'}`;
}

/** The numbers of a report for a person to read; every section is explained in docs/quality.md. */
export function formatReport(report: QualityReport, file: string): string {
  const { decisionsPerDay, confusion, times, classes, sampledUnsafe, thresholds } = report;
  const target = formatPercent(report.precisionTarget);
  const sections: string[] = [
    [
      `Model quality from ${file}: ${report.rows} decisions (${range(report)})` +
        (report.unreadable > 0 ? `; ${report.unreadable} unreadable rows skipped` : ''),
      `Unsafe classes: ${report.unsafeClasses.join(', ') || unknown}`,
    ].join('\n'),
    [
      'Decisions per day',
      formatTable(
        ['day', 'approve', 'reject', 'total'],
        [
          ...decisionsPerDay.map(({ day, approve, reject }) => [
            day,
            String(approve),
            String(reject),
            String(approve + reject),
          ]),
          [
            'all',
            String(report.decisions.approve),
            String(report.decisions.reject),
            String(report.rows),
          ],
        ],
      ),
    ].join('\n'),
    [
      "Model verdict (rows) against the person's decision (columns)",
      formatTable(
        ['verdict', ...humanDecisions],
        modelVerdicts.map((verdict) => [
          verdict,
          ...humanDecisions.map((decision) => String(confusion[verdict][decision])),
        ]),
      ),
    ].join('\n'),
    [
      'Decision times',
      formatTable(
        ['', 'n', 'median', 'p90'],
        [
          timeRow('waited (queued to decided)', times.waitedMs),
          timeRow('took (taken to decided)', times.tookMs),
        ],
      ),
    ].join('\n'),
    [
      `Per class, on the ${classes.withGroundTruth} decisions with a ground truth ` +
        `(${classes.withoutGroundTruth} without)`,
      formatTable(
        ['class', 'predicted', 'actual', 'correct', 'precision', 'recall'],
        classes.perClass.map((c) => [
          c.label,
          String(c.predicted),
          String(c.actual),
          String(c.correct),
          formatPercent(c.precision),
          formatPercent(c.recall),
        ]),
      ),
    ].join('\n'),
    sampledUnsafe.n === 0
      ? 'Unsafe share of sampled approvals: no sampled approval was decided'
      : `Unsafe share of sampled approvals: ${formatPercent(sampledUnsafe.share)} ` +
        `(${sampledUnsafe.k} of ${sampledUnsafe.n} rejected), 95 % interval ` +
        `${formatPercent(sampledUnsafe.low)} to ${formatPercent(sampledUnsafe.high)}`,
    [
      `Reject thresholds at ${target} precision`,
      formatTable(
        ['class', 'threshold', 'precision', 'rows ≥ t', 'rejected', 'review saved', 'share'],
        thresholds.map((t) => [
          t.label,
          formatScore(t.threshold),
          formatPercent(t.precision),
          t.threshold === null ? unknown : String(t.rows),
          t.threshold === null ? unknown : String(t.rejected),
          t.threshold === null ? unknown : `${t.reviewSaved} of ${t.reviewItems}`,
          formatPercent(t.reviewShare),
        ]),
      ),
    ].join('\n'),
  ];
  return `${sections.join('\n\n')}\n`;
}
