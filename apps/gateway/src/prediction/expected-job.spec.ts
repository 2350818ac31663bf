import { EventEmitter } from 'node:events';
import { prediction } from '../testing/fake-prediction';
import { expectJob, type FinishedJob } from './expected-job';

const id = 'photo-sha:mobilenet_v2:4.4.0-c1';
const result = prediction();
const listening = (events: EventEmitter) =>
  events.eventNames().reduce((sum, name) => sum + events.listenerCount(name), 0);

describe('expectJob', () => {
  let events: EventEmitter;
  let finished: jest.Mock<Promise<FinishedJob | undefined>, []>;

  beforeEach(() => {
    events = new EventEmitter();
    finished = jest.fn(async () => undefined);
  });

  afterEach(() => jest.useRealTimers());

  it("answers the job's result when its completion is heard, then stops listening", async () => {
    const { outcome } = expectJob(events, id, 10_000, finished);
    events.emit(`completed:${id}`, { jobId: id, returnvalue: result });
    await expect(outcome).resolves.toEqual(result);
    expect(listening(events)).toBe(0);
    expect(finished).not.toHaveBeenCalled();
  });

  it("fails with the worker's reason when the job fails", async () => {
    const { outcome } = expectJob(events, id, 10_000, finished);
    events.emit(`failed:${id}`, { jobId: id, failedReason: 'undecodable-image: truncated' });
    await expect(outcome).rejects.toThrow('undecodable-image: truncated');
    expect(listening(events)).toBe(0);
  });

  it("ignores other jobs' events", async () => {
    const { outcome } = expectJob(events, id, 10_000, finished);
    events.emit('completed:another', { jobId: 'another', returnvalue: prediction({ score: 0.1 }) });
    events.emit(`completed:${id}`, { jobId: id, returnvalue: result });
    await expect(outcome).resolves.toEqual(result);
  });

  it('answers a job that was already there and had finished before anyone listened', async () => {
    finished.mockResolvedValue({ returnvalue: result });
    const { outcome } = expectJob(events, id, 10_000, finished);
    events.emit(`duplicated:${id}`, { jobId: id });
    await expect(outcome).resolves.toEqual(result);
    expect(listening(events)).toBe(0);
  });

  it('keeps listening when the job that was already there is still running', async () => {
    const { outcome } = expectJob(events, id, 10_000, finished);
    events.emit(`duplicated:${id}`, { jobId: id });
    await Promise.resolve();
    expect(finished).toHaveBeenCalledTimes(1);
    events.emit(`completed:${id}`, { jobId: id, returnvalue: result });
    await expect(outcome).resolves.toEqual(result);
  });

  it('looks at the job once more when nothing was heard in time, and answers it if it finished', async () => {
    jest.useFakeTimers();
    finished.mockResolvedValue({ returnvalue: result });
    const { outcome } = expectJob(events, id, 10_000, finished);
    await jest.advanceTimersByTimeAsync(10_000);
    await expect(outcome).resolves.toEqual(result);
  });

  it('fails saying it timed out when the job has not finished by then', async () => {
    jest.useFakeTimers();
    const { outcome } = expectJob(events, id, 10_000, finished);
    const settled = expect(outcome).rejects.toThrow('timed out after 10000 ms');
    await jest.advanceTimersByTimeAsync(9_999);
    expect(finished).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    await settled;
    expect(listening(events)).toBe(0);
  });

  it('fails unawaited without an unhandled rejection, when its request stopped waiting', async () => {
    jest.useFakeTimers();
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      finished.mockRejectedValue(new Error('Redis is unreachable'));
      expectJob(events, id, 10_000, finished);
      await jest.advanceTimersByTimeAsync(10_000);
      jest.useRealTimers();
      await new Promise((resolve) => setImmediate(resolve));
      expect(finished).toHaveBeenCalledTimes(1);
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('stops listening, and never settles, once cancelled', async () => {
    jest.useFakeTimers();
    const { outcome, cancel } = expectJob(events, id, 10_000, finished);
    cancel();
    expect(listening(events)).toBe(0);
    const settled = jest.fn();
    outcome.then(settled, settled);
    await jest.advanceTimersByTimeAsync(20_000);
    expect(settled).not.toHaveBeenCalled();
    expect(finished).not.toHaveBeenCalled();
  });
});
