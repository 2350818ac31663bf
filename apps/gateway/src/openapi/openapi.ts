import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  getSchemaPath,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type PathItemObject,
  type ResponseObject,
} from '@nestjs/swagger';
import { GatewayEnv } from '../config/gateway-env';
import { ErrorResponseDto } from '../errors/error-response.dto';
import { PredictionErrorDto } from '../prediction/dto/prediction-response.dto';
import { WebhookEventDto } from '../webhooks/dto/webhook-event.dto';
import { retryAfterHeader } from './api-responses';
import { exampleUploadName, storeExampleUpload } from './example-upload';

/** Where Swagger UI and the document are served (both left out of the document itself). */
export const apiDocsPath = 'docs';
export const apiDocumentPath = 'docs-json';

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The gateway's OpenAPI 3.1 document (3.1 because failed predictions carry JSON `null`s, which 3.0
 * cannot type). Needs only the module graph, so it can be built without Redis or workers.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Image moderation')
    .setDescription(
      'Classifies review photos and says whether they may be shown; collects reports of wrong answers.\n\n' +
        'Every error is JSON `{statusCode, error, message}`, where `error` is a stable code; ' +
        '`/predict` adds `{success: false, prediction: null, score: null}`.',
    )
    .setVersion('1.0')
    .addServer('/', 'This gateway')
    .addTag('prediction', 'Classifying images.')
    .addTag('feedback', 'Reports of wrong predictions, and the data team’s view of them.')
    .addTag('uploads', 'Stored images, by the content name `POST /predict` answered with.')
    .addTag('operations', 'Health and metrics, for load balancers and monitoring.')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description:
        'DATA_TEAM_TOKEN for the data team routes; a MODERATOR_TOKENS token or an API_KEYS key for the moderation routes',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponseDto, PredictionErrorDto, WebhookEventDto],
  });
  document.info.license = { name: 'MIT', identifier: 'MIT' } as OpenAPIObject['info']['license'];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of methods) {
      const operation = (item as PathItemObject)[method];
      if (operation) completeOperation(`${method.toUpperCase()} ${path}`, operation);
    }
  }
  useStoredExample(document);
  describeWebhooks(document);
  return document;
}

/** What the gateway POSTs to a batch's `callbackUrl`, so clients get the event's type too. */
const webhookEvents: Record<string, string> = {
  'moderation.completed': 'The model answered for a photo of a batch.',
  'moderation.decided': 'A person decided a photo of a batch.',
};

function describeWebhooks(document: OpenAPIObject): void {
  (document as OpenAPIObject & { webhooks: Record<string, PathItemObject> }).webhooks =
    Object.fromEntries(
      Object.entries(webhookEvents).map(([type, summary]) => [
        type,
        {
          post: {
            operationId: `webhook_${type.replace('.', '_')}`,
            summary,
            // The receiver checks the signature, not a token of ours.
            security: [],
            description:
              'Verify `Moderation-Signature` over the raw body before parsing it (see docs/api.md, Webhooks); answer 2xx once stored. Anything else, or no answer within the timeout, is retried with back-off until `WEBHOOK_MAX_AGE`.',
            parameters: [
              {
                name: 'Moderation-Signature',
                in: 'header',
                required: true,
                description:
                  '`t=<unix seconds>,v1=<hex HMAC-SHA256 of t + "." + the raw body, keyed with WEBHOOK_SECRET>`.',
                schema: { type: 'string', pattern: '^t=\\d+,v1=[0-9a-f]{64}$' },
              },
              {
                name: 'Moderation-Event-Id',
                in: 'header',
                required: true,
                description: 'The event id, the same as the body’s `id`.',
                schema: { type: 'string', format: 'uuid' },
              },
            ],
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: { $ref: getSchemaPath(WebhookEventDto) } },
              },
            },
            responses: {
              '2XX': { description: 'Received: this event is not sent again.' },
            },
          },
        },
      ]),
    );
}

/** The upload page's forms: a browser posting them gets the page back on an error, saying why. */
const pageForms = new Set(['POST /', 'POST /feedback']);

/**
 * What holds for every route, said once here rather than on each: the body parser and validation
 * answer 400, the exception filter answers an unexpected error with 500, and every error has the
 * one JSON shape. Routes that need no token say so, so a missing `security` is never ambiguous.
 */
function completeOperation(route: string, operation: OperationObject): void {
  const schema = route.endsWith(' /predict') ? PredictionErrorDto : ErrorResponseDto;
  const responses = operation.responses as Record<string, ResponseObject>;
  if (operation.requestBody) {
    responses['413'] ??= { description: 'A body over the size limit of its parser.' };
  }
  responses['400'] ??= {
    description: 'A body that does not parse, or parameters that fail validation.',
  };
  responses['500'] ??= {
    description: 'Unexpected error; the message quotes an id that is in the logs.',
  };
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) < 400) continue;
    response.content ??= { 'application/json': { schema: { $ref: getSchemaPath(schema) } } };
    if (pageForms.has(route)) response.content['text/html'] ??= { schema: { type: 'string' } };
  }
  // The rate limiter sends it with every 429, whichever route was limited.
  if (responses['429']) responses['429'].headers ??= retryAfterHeader;
  operation.security ??= [];
}

/** `POST /feedback`'s example names the image stored at start, so it works as it is. */
function useStoredExample(document: OpenAPIObject): void {
  const json = document.paths['/feedback']?.post?.requestBody;
  const media = json && 'content' in json ? json.content['application/json'] : undefined;
  if (!media) return;
  media.example = {
    filename: exampleUploadName,
    prediction: 'Sexy',
    score: 0.9346,
    correctLabel: 'Neutral',
    comment: 'It is a swimsuit catalogue photo.',
    model: 'mobilenet_v2',
  };
}

/** Swagger UI at `/docs`, the OpenAPI JSON at `/docs-json`. */
export function serveOpenApi(app: INestApplication): void {
  storeExampleUpload(app.get(GatewayEnv).UPLOAD_DIR);
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(apiDocsPath, app, document, { jsonDocumentUrl: apiDocumentPath });
}
