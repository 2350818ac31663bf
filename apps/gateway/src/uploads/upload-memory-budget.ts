/**
 * The bytes all uploads in flight may hold in memory together. An upload that would take the
 * gateway past it goes to a temporary file instead, so a burst of concurrent uploads costs disk
 * writes, not memory.
 */
export class UploadMemoryBudget {
  private held = 0;

  constructor(readonly total: number) {}

  /** Takes `bytes` from the budget if they fit; false (and nothing taken) if they do not. */
  tryTake(bytes: number): boolean {
    if (this.held + bytes > this.total) return false;
    this.held += bytes;
    return true;
  }

  release(bytes: number): void {
    this.held = Math.max(0, this.held - bytes);
  }

  get inUse(): number {
    return this.held;
  }
}
