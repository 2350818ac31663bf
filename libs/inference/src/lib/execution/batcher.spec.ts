import { setTimeout as sleep } from 'node:timers/promises';
import { Batcher, type BatchingOptions } from './batcher';

/** A model whose output row for an image is its input doubled; every call is recorded. */
function doublingModel() {
  const calls: { count: number; release: () => void }[] = [];
  const execute = (images: Float32Array[]) =>
    new Promise<Float32Array>((resolve) => {
      const doubled = images.flatMap((image) => Array.from(image, (v) => v * 2));
      calls.push({ count: images.length, release: () => resolve(Float32Array.from(doubled)) });
    });
  return { calls, execute };
}

const image = (value: number) => Float32Array.of(value);

function batcher(options: Partial<BatchingOptions> = {}, parallel = 1) {
  const model = doublingModel();
  const sizes: number[] = [];
  const subject = new Batcher(
    1,
    parallel,
    { maxBatch: 4, maxDelayMs: 50, ...options },
    model.execute,
    (size) => sizes.push(size),
  );
  return { subject, sizes, ...model };
}

describe('Batcher', () => {
  it('runs a lone image at once, in a batch of one', async () => {
    const { subject, calls } = batcher();
    const result = subject.submit(image(3));
    expect(calls.map((c) => c.count)).toEqual([1]);
    calls[0].release();
    expect(Array.from(await result)).toEqual([6]);
  });

  it('runs images that arrive while the model is busy together, each getting its own row', async () => {
    const { subject, calls, sizes } = batcher();
    const first = subject.submit(image(1));
    const others = [2, 3, 4].map((v) => subject.submit(image(v)));
    expect(calls).toHaveLength(1);
    calls[0].release();
    await first;
    await sleep(0);
    expect(calls.map((c) => c.count)).toEqual([1, 3]);
    calls[1].release();
    expect((await Promise.all(others)).map((row) => row[0])).toEqual([4, 6, 8]);
    expect(sizes).toEqual([1, 3]);
  });

  it('never puts more than maxBatch images in one call', async () => {
    const { subject, calls } = batcher({ maxBatch: 2 });
    const all = [1, 2, 3, 4, 5, 6].map((v) => subject.submit(image(v)));
    for (let i = 0; i < 4; i++) {
      await sleep(0);
      calls[calls.length - 1].release();
      await sleep(0);
    }
    expect(calls.map((c) => c.count)).toEqual([1, 2, 2, 1]);
    expect((await Promise.all(all)).map((row) => row[0])).toEqual([2, 4, 6, 8, 10, 12]);
  });

  it('runs one batch per thread at the same time', () => {
    const { subject, calls } = batcher({}, 2);
    void subject.submit(image(1));
    void subject.submit(image(2));
    void subject.submit(image(3));
    expect(calls.map((c) => c.count)).toEqual([1, 1]);
  });

  it('lets a ready image wait for images still being decoded, until they are ready', async () => {
    const { subject, calls } = batcher({ maxDelayMs: 1000 });
    const decoding = subject.preparingOne();
    const first = subject.submit(image(1));
    await sleep(20);
    expect(calls).toHaveLength(0);
    const second = subject.submit(image(2));
    decoding();
    expect(calls.map((c) => c.count)).toEqual([2]);
    calls[0].release();
    expect([(await first)[0], (await second)[0]]).toEqual([2, 4]);
  });

  it('waits for company no longer than maxDelayMs', async () => {
    const { subject, calls } = batcher({ maxDelayMs: 30 });
    subject.preparingOne();
    void subject.submit(image(1));
    expect(calls).toHaveLength(0);
    await sleep(60);
    expect(calls.map((c) => c.count)).toEqual([1]);
  });

  it('fails every image of a batch whose model call fails', async () => {
    const failing = new Batcher(1, 1, { maxBatch: 4, maxDelayMs: 0 }, () =>
      Promise.reject(new Error('model crashed')),
    );
    await expect(failing.submit(image(1))).rejects.toThrow('model crashed');
  });
});
