export interface BatchingOptions {
  /** Most images in one model call. */
  maxBatch: number;
  /** Longest a ready image waits for others still being decoded to join its batch. */
  maxDelayMs: number;
}

interface Waiting {
  tensor: Float32Array;
  resolve: (row: Float32Array) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs a batch of images, handed over: the executor may transfer their memory to another thread,
 * so nothing reads them afterwards. Returns the output rows end to end.
 */
export type BatchExecutor = (images: Float32Array[]) => Promise<Float32Array>;

/**
 * Dynamic batching for one model, as serving systems do it: images ready while the model is busy
 * are run together (at most `maxBatch`), and an image waits at most `maxDelayMs` for company,
 * and only when other images are already being decoded. A lone request runs at once.
 */
export class Batcher {
  private waiting: Waiting[] = [];
  private running = 0;
  private preparing = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly rowSize: number,
    private readonly parallel: number,
    private readonly options: BatchingOptions,
    private readonly execute: BatchExecutor,
    private readonly onBatch: (size: number) => void = () => undefined,
  ) {}

  /** Announces an image being decoded for this model; call the returned function when it is done. */
  preparingOne(): () => void {
    this.preparing++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.preparing--;
      this.pump();
    };
  }

  /** Queues one image's tensor; resolves with its output row. */
  submit(tensor: Float32Array): Promise<Float32Array> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ tensor, resolve, reject });
      this.pump();
    });
  }

  /**
   * Queues the tensors of several images at once (the frames of one animation), so they run in
   * as few calls as `maxBatch` allows; resolves with their output rows, in order.
   */
  submitAll(tensors: readonly Float32Array[]): Promise<Float32Array[]> {
    const rows = tensors.map(
      (tensor) =>
        new Promise<Float32Array>((resolve, reject) => {
          this.waiting.push({ tensor, resolve, reject });
        }),
    );
    this.pump();
    return Promise.all(rows);
  }

  private pump(): void {
    while (this.running < this.parallel && this.waiting.length > 0) {
      const full = this.waiting.length >= this.options.maxBatch;
      const companyComing = this.preparing > 0 && this.options.maxDelayMs > 0;
      if (!full && companyComing) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.flush();
          this.pump();
        }, this.options.maxDelayMs);
        return;
      }
      this.flush();
    }
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running >= this.parallel || this.waiting.length === 0) return;
    const taken = this.waiting.splice(0, this.options.maxBatch);
    this.running++;
    this.onBatch(taken.length);
    this.execute(taken.map((item) => item.tensor))
      .then(
        (output) =>
          taken.forEach((item, i) =>
            item.resolve(output.subarray(i * this.rowSize, (i + 1) * this.rowSize)),
          ),
        (error: unknown) => taken.forEach((item) => item.reject(error)),
      )
      .finally(() => {
        this.running--;
        this.pump();
      });
  }
}
