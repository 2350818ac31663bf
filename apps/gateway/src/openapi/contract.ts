import {
  getSchemaPath,
  type MediaTypeObject,
  type OpenAPIObject,
  type PathItemObject,
  type ResponseObject,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/error-response.dto';
import { PredictionErrorDto } from '../prediction/dto/prediction-response.dto';

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Statuses whose body is not an error although the status is: the health report says why. */
const notErrorShaped = new Set(['GET /health 503']);

/**
 * The promises the document makes beyond being valid OpenAPI, which a generic linter cannot know:
 * each error status uses the one error shape, and each other status but a redirect or a 204 has
 * a body with a schema. Empty when the document keeps them.
 */
export function contractProblems(document: OpenAPIObject): string[] {
  const problems: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of methods) {
      const operation = (item as PathItemObject)[method];
      if (!operation) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const errorRef = getSchemaPath(path === '/predict' ? PredictionErrorDto : ErrorResponseDto);
      for (const [status, value] of Object.entries(operation.responses)) {
        const content: Record<string, MediaTypeObject> = (value as ResponseObject).content ?? {};
        const bodiless = /^3\d\d$/.test(status) || status === '204';
        if (!bodiless && Object.keys(content).length === 0) {
          problems.push(`${where} ${status}: no body is declared`);
        }
        for (const [mediaType, media] of Object.entries(content)) {
          if (!media.schema) problems.push(`${where} ${status} ${mediaType}: no schema`);
          const ref = media.schema && '$ref' in media.schema ? media.schema.$ref : undefined;
          const errorShaped = Number(status) >= 400 && !notErrorShaped.has(`${where} ${status}`);
          if (errorShaped && mediaType === 'application/json' && ref !== errorRef) {
            problems.push(`${where} ${status}: errors must use ${errorRef}, not ${String(ref)}`);
          }
        }
      }
    }
  }
  if (JSON.stringify(document).includes('"nullable":')) {
    problems.push('`nullable` is not OpenAPI 3.1: use a `null` type');
  }
  return problems;
}
