import {
  formatFailure,
  PredictionFailure,
  predictionJobId,
  type PredictionResult,
} from '@moderation/contracts';
import { PredictionRefusedError } from '../errors/gateway-errors';
import { workerResult } from '../testing/fake-prediction';
import type { StoredUpload } from '../uploads/upload-store';
import { PredictionService } from './prediction.service';
import { RecentPredictions } from './recent-predictions';

const sha256 = 'a'.repeat(64);
const upload = (firstSeen: boolean): StoredUpload => ({
  storedName: `${sha256}.jpg`,
  sha256,
  size: 1234,
  firstSeen,
});

const neutral = workerResult();

const undecodable = formatFailure(PredictionFailure.UndecodableImage, 'truncated JPEG data');

/**
 * The service over stand-ins for Redis: a queue whose `getJob` answers what `stored` holds and
 * whose jobs finish with `outcome`, and an event reader that hands a new job's outcome over.
 */
function predictions() {
  const state = {
    version: '4.4.0-c1',
    stored: undefined as object | undefined,
    outcome: (): Promise<PredictionResult> => Promise.resolve(neutral),
  };
  const queue = {
    setMaxListeners: jest.fn(),
    getJob: jest.fn(async () => state.stored && { remove: async () => undefined, ...state.stored }),
    add: jest.fn(async (_name: string, _data: unknown, options?: { jobId?: string }) => ({
      id: options?.jobId ?? 'unnamed',
      waitUntilFinished: () => state.outcome(),
      getState: async () => 'failed',
    })),
  };
  const events = {
    events: { waitUntilReady: async () => undefined },
    whileConnected: <T>(waiting: Promise<T>) => waiting,
    expectNew: () => ({ outcome: state.outcome(), cancel: () => undefined }),
  };
  const metrics = { observePrediction: jest.fn() };
  const service = new PredictionService(
    queue as never,
    events as never,
    { resolve: async () => ({ id: 'mobilenet_v2', version: state.version }) } as never,
    { apply: async (result: PredictionResult) => ({ ...result, policyVersion: 'p1' }) } as never,
    { assertAvailable: async () => undefined, distrust: () => undefined } as never,
    { PREDICTION_TIMEOUT_MS: 1000 } as never,
    metrics as never,
    new RecentPredictions(1024 ** 2, 24 * 3600_000),
  );
  const predict = (firstSeen: boolean) => service.predict(upload(firstSeen), undefined, 'req-1');
  return { state, queue, metrics, predict };
}

describe('PredictionService reusing answers', () => {
  it('reads the job of a photo seen before from Redis once, then answers it from memory', async () => {
    const { state, queue, metrics, predict } = predictions();
    state.stored = { finishedOn: Date.now() - 60_000, returnvalue: neutral };

    const first = await predict(false);
    const second = await predict(false);

    expect(queue.getJob).toHaveBeenCalledTimes(1);
    expect(queue.getJob).toHaveBeenCalledWith(predictionJobId(sha256, 'mobilenet_v2', '4.4.0-c1'));
    expect({ ...second, totalMs: 0 }).toEqual({ ...first, totalMs: 0 });
    expect(second).toMatchObject({ reused: true, prediction: 'Neutral', policyVersion: 'p1' });
    expect(queue.add).not.toHaveBeenCalled();
    // Counted by where the answer was found, so an operator can size the memory.
    expect(metrics.observePrediction.mock.calls.map(([, , from]) => from)).toEqual([
      'redis',
      'memory',
    ]);
  });

  it("remembers a new photo's answer: the same bytes again cost no read of Redis", async () => {
    const { queue, predict } = predictions();

    expect(await predict(true)).toMatchObject({ reused: false, prediction: 'Neutral' });
    expect(await predict(false)).toMatchObject({ reused: true, prediction: 'Neutral' });
    expect(queue.add).toHaveBeenCalledTimes(1);
    expect(queue.getJob).not.toHaveBeenCalled();
  });

  it('never remembers a refusal: the same bytes are looked up again, and refused again', async () => {
    const { state, queue, predict } = predictions();
    state.outcome = () => Promise.reject(new Error(undecodable));

    await expect(predict(true)).rejects.toBeInstanceOf(PredictionRefusedError);
    state.stored = { finishedOn: Date.now(), failedReason: undecodable };
    await expect(predict(false)).rejects.toBeInstanceOf(PredictionRefusedError);

    expect(queue.getJob).toHaveBeenCalledTimes(1);
  });

  it('classifies again, and remembers, a photo whose job finished without a result', async () => {
    const { state, queue, predict } = predictions();
    state.stored = { finishedOn: Date.now(), returnvalue: null };

    expect(await predict(false)).toMatchObject({ reused: false, prediction: 'Neutral' });
    expect(await predict(false)).toMatchObject({ reused: true, prediction: 'Neutral' });
    expect(queue.add).toHaveBeenCalledTimes(1);
    expect(queue.getJob).toHaveBeenCalledTimes(1);
  });

  it('does not answer for a model version other than the one that gave the answer', async () => {
    const { state, queue, predict } = predictions();
    await predict(true);

    state.version = '4.4.0-c2';
    state.stored = undefined;
    expect(await predict(false)).toMatchObject({ reused: false });

    expect(queue.getJob).toHaveBeenCalledWith(predictionJobId(sha256, 'mobilenet_v2', '4.4.0-c2'));
    expect(queue.add).toHaveBeenCalledTimes(2);
  });
});
