/** Counts of the batches this process has run through its models, for the health report. */
export class BatchStats {
  batches = 0;
  images = 0;
  largest = 0;

  record(_modelId: string, size: number): void {
    this.batches++;
    this.images += size;
    this.largest = Math.max(this.largest, size);
  }
}
