import type { components } from '../generated/gateway-api';

type Schemas = components['schemas'];

/** What `POST /predict` answers: the class, the score, the verdict and the moderation's id. */
export type PredictionAnswer = Schemas['PredictionResponseDto'];
/** What `POST /predict` answers instead when it cannot classify (with `success: false`). */
export type PredictionError = Schemas['PredictionErrorDto'];
/** Every other route's error: `{statusCode, error, message}`, `error` being a stable code. */
export type ApiError = Schemas['ErrorResponseDto'];
/** A moderation: the model's answer and, once a person decided, their decision. */
export type Moderation = Schemas['ModerationDto'];
/** `POST /moderations/next`: the item a moderator looks at next, and how many wait. */
export type NextItem = Schemas['NextItemDto'];
/** A person's decision as a shop's own back office sends it. */
export type DecisionRequest = Schemas['DecisionRequestDto'];
/** `POST /moderations`: the batch's id and its items, each with its moderation's id. */
export type BatchAccepted = Schemas['BatchAcceptedDto'];
/** `GET /batches/{id}`: every item's state. */
export type Batch = Schemas['BatchDto'];
/** A report of a wrong answer, as `POST /feedback` takes it in JSON. */
export type FeedbackRequest = Schemas['CreateFeedbackDto'];
export type FeedbackAccepted = Schemas['FeedbackAcceptedDto'];
export type HealthReport = Schemas['HealthReportDto'];
/** The JSON body of a webhook delivery. */
export type WebhookEvent = Schemas['WebhookEventDto'];
