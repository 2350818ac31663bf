import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath, type HeadersObject } from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/error-response.dto';
import { GatewayError } from '../errors/gateway-errors';

/** One way a route fails: the error it raises, or its code and message when it is not ours. */
export type ErrorCase = GatewayError | { code: string; message: string };

/** Error bodies as the filter writes them; `/predict` puts the original service's keys first. */
function errorBody(status: number, error: ErrorCase, predictionShape: boolean): object {
  const body = { statusCode: status, error: error.code, message: error.message };
  return predictionShape ? { success: false, prediction: null, score: null, ...body } : body;
}

/**
 * An error status in the one JSON error shape, with one named example per way it happens, so
 * Swagger UI and generated clients show the right code for each status instead of one shared one.
 */
export function ApiErrorResponse(
  status: number,
  description: string,
  cases: readonly ErrorCase[],
  {
    schema = ErrorResponseDto,
    headers,
    page,
  }: {
    schema?: Type<ErrorResponseDto>;
    headers?: HeadersObject;
    /** The upload page's forms answer browsers with the page itself, saying what went wrong. */
    page?: boolean;
  } = {},
): MethodDecorator & ClassDecorator {
  const predictionShape = schema !== ErrorResponseDto;
  const examples = Object.fromEntries(
    cases.map((error) => [
      error.code,
      { summary: error.code, value: errorBody(status, error, predictionShape) },
    ]),
  );
  return applyDecorators(
    ApiExtraModels(schema),
    ApiResponse({
      status,
      description,
      ...(headers ? { headers } : {}),
      content: {
        'application/json': { schema: { $ref: getSchemaPath(schema) }, examples },
        ...(page ? { 'text/html': { schema: { type: 'string' } } } : {}),
      },
    }),
  );
}

/** A response whose body is text of one media type (HTML pages, CSV, Prometheus metrics). */
export function ApiTextResponse(
  status: number,
  mediaType: string,
  description: string,
  example?: string,
): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description,
    content: { [mediaType]: { schema: { type: 'string' }, ...(example ? { example } : {}) } },
  });
}

/** Sent with every 429. */
export const retryAfterHeader: HeadersObject = {
  'Retry-After': {
    description: 'Seconds until the client may send again.',
    schema: { type: 'integer', minimum: 1 },
  },
};

/** An unexpected error, answered with an id that is in the logs. */
export const internalError: ErrorCase = {
  code: 'internal',
  message: 'Internal error 6f1c2b0e-5d7a-4c1e-9a55-2f0b8e3d9c41; it has been logged',
};

/** What the ValidationPipe or the body parser says about a request that does not parse. */
export const badRequest: ErrorCase = {
  code: 'bad-request',
  message: 'Unexpected end of JSON input',
};

/** Ways the data team's routes refuse a request (see `DataTeamAuth`). */
export const dataTeamRefusals = {
  unauthorized: {
    code: 'unauthorized',
    message: 'The data team token is missing or wrong',
  },
  off: {
    code: 'not-found',
    message: 'The data team routes are off: DATA_TEAM_TOKEN is not set',
  },
} satisfies Record<string, ErrorCase>;

/**
 * The bodies of the refusals of a route behind the data team token (see `DataTeamGuard`); the
 * routes describe the statuses themselves.
 */
export function ApiDataTeamRefusals(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiErrorResponse(401, '', [dataTeamRefusals.unauthorized], {
      headers: {
        'WWW-Authenticate': {
          description: 'Asks browsers for the token, as the password of a Basic login.',
          schema: { type: 'string' },
        },
      },
    }),
    ApiErrorResponse(404, '', [dataTeamRefusals.off]),
  );
}
