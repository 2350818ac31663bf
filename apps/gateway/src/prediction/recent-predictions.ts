import type { PredictionResult } from '@moderation/contracts';

interface Entry {
  json: string;
  /** When the queue forgets the job this came from (its finish plus the reuse window). */
  until: number;
}

/**
 * The finished predictions this gateway saw last, by job id (the bytes' hash, the model and its
 * version), so a repeated photo is answered without a trip to Redis for its job. A prediction of
 * the same bytes by the same model version never changes, so an entry stays good as long as the
 * queue keeps its job. Held as JSON, as Redis holds them: each answer is then a fresh object, and
 * the budget counts what is really kept (a model with a thousand classes has answers a hundred
 * times larger than the nsfwjs models'). The least recently used go first.
 */
export class RecentPredictions {
  private readonly entries = new Map<string, Entry>();
  private size = 0;

  constructor(
    private readonly maxChars: number,
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(jobId: string): PredictionResult | undefined {
    const entry = this.entries.get(jobId);
    if (!entry) return undefined;
    this.entries.delete(jobId);
    if (entry.until <= this.now()) {
      this.size -= entry.json.length;
      return undefined;
    }
    // A Map iterates in insertion order: set again, the entry becomes the last to go.
    this.entries.set(jobId, entry);
    return JSON.parse(entry.json) as PredictionResult;
  }

  remember(jobId: string, result: PredictionResult, finishedOn: number): void {
    const until = finishedOn + this.keepMs;
    const json = JSON.stringify(result);
    if (json.length > this.maxChars || until <= this.now()) return;
    this.forget(jobId);
    this.entries.set(jobId, { json, until });
    this.size += json.length;
    for (const oldest of this.entries.keys()) {
      if (this.size <= this.maxChars) break;
      this.forget(oldest);
    }
  }

  private forget(jobId: string): void {
    const entry = this.entries.get(jobId);
    if (!entry) return;
    this.entries.delete(jobId);
    this.size -= entry.json.length;
  }
}
