import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError } from 'bullmq';
import type { PinoLogger } from 'nestjs-pino';
import {
  JobName,
  parseFailure,
  PredictionFailure,
  type QueueName,
  type ReceivedJobOf,
} from '@moderation/contracts';
import { UndecodableImageError, type InferenceService } from '@moderation/inference';
import type { WorkerEnv } from '../config/worker-env';
import type { WorkerMetrics } from '../metrics/worker-metrics';
import { PredictionProcessor } from './prediction.processor';

const storedName = `${'b'.repeat(64)}.jpg`;

function job(name: string = JobName.Classify) {
  return {
    name,
    id: 'job-1',
    attemptsMade: 0,
    data: { requestId: 'req-1', storedName, model: 'mobilenet_v2' },
  } as unknown as ReceivedJobOf<QueueName.Prediction>;
}

describe('PredictionProcessor', () => {
  let dir: string;
  const classifyOne = jest.fn();
  const metrics = { inferenceSeconds: { observe: jest.fn() }, jobs: { inc: jest.fn() } };
  const processor = () =>
    new PredictionProcessor(
      { classifyOne } as unknown as InferenceService,
      { UPLOAD_DIR: dir } as WorkerEnv,
      metrics as unknown as WorkerMetrics,
      { info: jest.fn() } as unknown as PinoLogger,
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'prediction-processor-'));
    jest.clearAllMocks();
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has the upload classified from its file in the upload folder', async () => {
    writeFileSync(join(dir, storedName), 'stored bytes');
    classifyOne.mockResolvedValue({ model: { id: 'mobilenet_v2', version: '1' }, scores: {} });
    const result = await processor().process(job());
    expect(classifyOne).toHaveBeenCalledWith(join(dir, storedName), 'mobilenet_v2');
    expect(result.inferenceMs).toBeGreaterThanOrEqual(0);
  });

  it('leaves a job whose upload is not in the folder (yet) to be retried, though the decoder calls it undecodable', async () => {
    // What the decoder says of a path it cannot open.
    classifyOne.mockRejectedValue(
      new UndecodableImageError(`not a decodable image: Input file is missing: ${storedName}`),
    );
    const failure = processor().process(job());
    await expect(failure).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(failure).rejects.not.toBeInstanceOf(UnrecoverableError);
  });

  it('fails an undecodable upload for good, saying why', async () => {
    writeFileSync(join(dir, storedName), 'not an image');
    classifyOne.mockRejectedValue(new UndecodableImageError('not a decodable image: bad header'));
    const failure = processor().process(job());
    await expect(failure).rejects.toBeInstanceOf(UnrecoverableError);
    const error = (await failure.catch((e: unknown) => e)) as Error;
    expect(parseFailure(error.message)).toEqual({
      code: PredictionFailure.UndecodableImage,
      detail: 'not a decodable image: bad header',
    });
  });
});
