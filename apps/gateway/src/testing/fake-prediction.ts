import type { PredictionResult } from '@moderation/contracts';
import type { Prediction } from '../prediction/prediction.service';
import type { StoredUpload } from '../uploads/upload-store';

/** A worker's answer as the job returns it: a confident, approved `Neutral` unless changed. */
export function workerResult(overrides: Partial<PredictionResult> = {}): PredictionResult {
  return {
    model: { id: 'mobilenet_v2', version: '4.4.0-c1' },
    prediction: 'Neutral',
    score: 0.9346,
    scores: { Drawing: 0.0102, Hentai: 0.0011, Neutral: 0.9346, Porn: 0.0023, Sexy: 0.0518 },
    verdict: 'approved',
    reason: null,
    inferenceMs: 41,
    ...overrides,
  };
}

/** A worker's answer as the gateway hands it on: a confident, approved `Neutral` unless changed. */
export function prediction(overrides: Partial<Prediction> = {}): Prediction {
  return {
    ...workerResult(),
    policyVersion: 'manifest:mobilenet_v2@4.4.0-c1',
    storedName: `${'ab'.repeat(32)}.png`,
    totalMs: 47,
    reused: false,
    ...overrides,
  };
}

/** An answer that is not an approval, so every part of a result (reason, why) has something to show. */
export const needsReview: Partial<Prediction> = {
  prediction: 'Sexy',
  score: 0.5521,
  scores: { Drawing: 0.01, Hentai: 0.02, Neutral: 0.4, Porn: 0.0179, Sexy: 0.5521 },
  verdict: 'review',
  reason: { label: 'Sexy', score: 0.5521, threshold: 0.4 },
};

/**
 * PredictionService without queues or workers. It answers for the upload and model it was given,
 * so what the controller passed on shows in the response a client reads.
 */
export function fakePredictionService(answer: Partial<Prediction> = {}) {
  return {
    predict: jest.fn(async (upload: StoredUpload, model: string | undefined, _requestId: string) =>
      prediction({
        ...answer,
        storedName: upload.storedName,
        ...(model ? { model: { id: model, version: '1.0.0' } } : {}),
      }),
    ),
  };
}
