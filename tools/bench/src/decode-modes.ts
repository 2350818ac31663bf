import { availableParallelism } from 'node:os';
import { InferenceService } from '@moderation/inference';
import type { DecodeMode } from '@moderation/model-manifest';
import { cpuMeter } from './cpu-time';
import type { Photo } from './review-photos';

export const decodeModes: DecodeMode[] = ['exact', 'fast'];

/** The inference library as a worker on this machine runs it by default, in one decode mode. */
export function loadForMode(modelDir: string, decodeMode: DecodeMode): Promise<InferenceService> {
  const cores = availableParallelism();
  const inferenceThreads = Math.max(1, Math.ceil(cores / 2));
  return InferenceService.load({
    modelDir,
    defaultModel: 'mobilenet_v2',
    intraOpThreads: inferenceThreads,
    maxImagePixels: 50_000_000,
    batching: { maxBatch: 8, maxDelayMs: 5 },
    decodeConcurrency: Math.max(1, cores - inferenceThreads),
    decodeMode,
  });
}

/** Images/s and CPU ms per image classifying `count` of a photo, `inFlight` at a time. */
export async function classifyRate(
  inference: InferenceService,
  photo: Photo,
  { count, inFlight }: { count: number; inFlight: number },
): Promise<{ imagesPerSecond: number; cpuMsPerImage: number }> {
  await inference.classifyOne(photo.bytes); // warm-up
  let next = 0;
  const meter = cpuMeter({ self: process.pid });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < count) await inference.classifyOne(photo.bytes);
    }),
  );
  return {
    imagesPerSecond: (count * 1000) / (performance.now() - started),
    cpuMsPerImage: meter().self / count,
  };
}

/** How far fast decoding moves one photo's answer from exact decoding, for one model. */
export interface Agreement {
  photo: string;
  model: string;
  sameClass: boolean;
  sameVerdict: boolean;
  /** Largest difference of any class's probability. */
  maxDifference: number;
}

export async function agreement(
  exact: InferenceService,
  fast: InferenceService,
  photo: Photo,
  model: string,
): Promise<Agreement> {
  const [a] = await exact.classify([photo.bytes], model);
  const [b] = await fast.classify([photo.bytes], model);
  const maxDifference = Math.max(
    ...Object.keys(a.probabilities).map((label) =>
      Math.abs(a.probabilities[label] - b.probabilities[label]),
    ),
  );
  return {
    photo: photo.name,
    model,
    sameClass: a.prediction === b.prediction,
    sameVerdict: a.verdict === b.verdict,
    maxDifference,
  };
}
