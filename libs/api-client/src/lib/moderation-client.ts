import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../generated/gateway-api';
import type { DecisionRequest, FeedbackRequest } from './api-types';

export interface ModerationClientOptions {
  /** The gateway's address, e.g. `https://moderation.example.com`. */
  baseUrl: string;
  /**
   * Sent as `Authorization: Bearer …`: a shop backend's `API_KEYS` key, a moderator's
   * `MODERATOR_TOKENS` token, or the data team's token, as the routes called need.
   */
  token?: string;
  /** The fetch to send with (a proxy's, a test's); the global one by default. */
  fetch?: typeof globalThis.fetch;
  /** Gives up on a request after this long; 30 s by default. */
  timeoutMs?: number;
}

/** A photo to send: its bytes and the name it had on the customer's device. */
export interface Photo {
  bytes: Uint8Array | Blob;
  filename: string;
  /** The image's media type, when known; the gateway finds it from the bytes either way. */
  type?: string;
}

export interface PredictOptions {
  /** A model id; the workers' default model when absent. */
  model?: string;
  /** The shop's own id for the photo or its review (≤ 200 characters), echoed in answers and events. */
  reference?: string;
  /** Makes a retry safe: the same key with the same photo within 24 h answers the first answer. */
  idempotencyKey?: string;
}

export interface BatchOptions {
  model?: string;
  /** Where `moderation.completed` and `moderation.decided` events are POSTed, signed. */
  callbackUrl?: string;
  idempotencyKey?: string;
}

function blobOf(photo: Photo): Blob {
  if (photo.bytes instanceof Blob) return photo.bytes;
  return new Blob([new Uint8Array(photo.bytes)], photo.type ? { type: photo.type } : {});
}

/** Multipart bodies are built by hand: the document types a file as a binary string. */
function multipart(fields: [string, string | Photo | undefined][]): FormData {
  const form = new FormData();
  for (const [name, value] of fields) {
    if (value === undefined) continue;
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, blobOf(value), value.filename);
  }
  return form;
}

/** A multipart body sent as built, past openapi-fetch's JSON serialiser. */
function formBody(form: FormData) {
  return { body: form as never, bodySerializer: (body: unknown) => body as FormData };
}

const idempotency = (key: string | undefined) => (key ? { 'Idempotency-Key': key } : {});

/**
 * The gateway's API, typed from its OpenAPI document (`npm run openapi:client` regenerates the
 * types; `npm test` fails when they no longer match the document). The named methods cover what a
 * shop's backend and a back office do; `api` reaches every other route, typed the same way.
 */
export function createModerationClient(options: ModerationClientOptions) {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const api: Client<paths> = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
    fetch: (request: Request) =>
      (options.fetch ?? globalThis.fetch)(request, { signal: AbortSignal.timeout(timeoutMs) }),
  });

  // Each call answers openapi-fetch's `{data, error, response}`: `data` typed by the route's
  // success answer, `error` by its error answers (the one error shape).
  return {
    api,

    /** `POST /predict`: classifies one photo and answers once the model has. */
    predict(photo: Photo, predict: PredictOptions = {}) {
      const form = multipart([
        ['file', photo],
        ['model', predict.model],
        ['reference', predict.reference],
      ]);
      return api.POST('/predict', {
        params: { header: idempotency(predict.idempotencyKey) },
        ...formBody(form),
      });
    },

    /** `POST /moderations`: queues photos (each with its own reference) and answers 202 at once. */
    submitBatch(photos: (Photo & { reference?: string })[], batch: BatchOptions = {}) {
      // One reference per file, in the files' order, empty where a photo has none; none at all
      // when no photo has one.
      const references = photos.some((photo) => photo.reference !== undefined);
      const form = multipart([
        ...photos.flatMap((photo): [string, Photo | string | undefined][] => [
          ['files', photo],
          ['reference', references ? (photo.reference ?? '') : undefined],
        ]),
        ['model', batch.model],
        ['callbackUrl', batch.callbackUrl],
      ]);
      return api.POST('/moderations', {
        params: { header: idempotency(batch.idempotencyKey) },
        ...formBody(form),
      });
    },

    /** `GET /batches/{id}`: every item's state. */
    batch(id: string) {
      return api.GET('/batches/{id}', { params: { path: { id } } });
    },

    /** `GET /moderations/{id}`: the moderation's state, the model's answer, a person's decision. */
    moderation(id: string) {
      return api.GET('/moderations/{id}', { params: { path: { id } } });
    },

    /** `POST /moderations/next`: takes the next item for the calling moderator, under a lock. */
    nextItem() {
      return api.POST('/moderations/next');
    },

    /** `POST /moderations/{id}/hold`: keeps the item taken for another lock period. */
    hold(id: string) {
      return api.POST('/moderations/{id}/hold', { params: { path: { id } } });
    },

    /** `POST /moderations/{id}/decision`: a person's approval or rejection. */
    decide(id: string, decision: DecisionRequest) {
      return api.POST('/moderations/{id}/decision', { params: { path: { id } }, body: decision });
    },

    /** `POST /feedback`: a user's report that an answer was wrong. */
    report(feedback: FeedbackRequest) {
      return api.POST('/feedback', { body: feedback });
    },

    /** `GET /health`: whether Redis answers and workers consume predictions. */
    health() {
      return api.GET('/health');
    },
  };
}

export type ModerationClient = ReturnType<typeof createModerationClient>;
