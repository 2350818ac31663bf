import type { Load } from './http-load';

/** How many answers the gateway has given so far, by where they came from (its `/metrics`). */
export interface PredictionCounts {
  /** Classified by a worker. */
  classified: number;
  /** Answered from an earlier prediction of the same bytes. */
  reused: number;
}

async function predictionCounts(url: string): Promise<PredictionCounts> {
  const text = await (await fetch(`${url}/metrics`)).text();
  // Every series of the metric counts: reused answers are labelled by where they were found.
  const sum = (pattern: RegExp) =>
    [...text.matchAll(pattern)].reduce((total, match) => total + Number(match[1]), 0);
  return {
    classified: sum(/^moderation_prediction_seconds_count\{[^}]*phase="total"[^}]*\} (\d+)/gm),
    reused: sum(/^moderation_prediction_reused_total(?:\{[^}]*\})? (\d+)/gm),
  };
}

/**
 * The gateway's counts after `loads`, or an error when any of their answers came from the reuse
 * path: each request carries bytes never sent before, and if one did not, the throughput measured
 * would be the cache's.
 */
export async function assertAllClassified(url: string, loads: Load[]): Promise<PredictionCounts> {
  const counts = await predictionCounts(url);
  const answered = loads.reduce((sum, l) => sum + l.answered, 0);
  if (counts.reused > 0 || counts.classified < answered) {
    throw new Error(
      `the loads were not all classified: ${counts.classified} predictions and ${counts.reused} reused for ${answered} answers`,
    );
  }
  return counts;
}
