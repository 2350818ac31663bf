import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Checks responses against the gateway's own OpenAPI document: the operation (method and path
 * template), the status, the media type and the body's schema. Only origins whose document was
 * registered (by `Stack`) are checked, so helpers used without a stack work as before.
 */

interface MediaType {
  schema?: object;
}
interface ResponseSpec {
  content?: Record<string, MediaType>;
}
interface Operation {
  responses: Record<string, ResponseSpec>;
}
interface ApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

/** Answered by the service but not in the document, on purpose (see docs/api.md). */
const undocumented = [
  /^\/docs(-json)?(\/|$)/,
  /^\/admin\/queues(\/|$)/,
  /^\/static\//,
  // The upload page and its result pages: HTML for browsers, not an API.
  /^GET \/$/,
  /^POST \/$/,
  /^GET \/feedback$/,
  /^GET \/results\//,
  /^GET \/favicon\.ico$/,
  // The data team's model quality page: HTML for browsers; `npm run evaluate` has the numbers.
  /^GET \/data-team$/,
  // CORS preflights, answered by the CORS middleware before any route.
  /^OPTIONS /,
];

class ApiContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { method: string; template: string; pattern: RegExp }[];

  constructor(private readonly document: ApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema(document as object, 'api');
    this.templates = Object.entries(document.paths).flatMap(([template, item]) =>
      Object.keys(item).map((method) => ({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      })),
    );
  }

  check(method: string, path: string, response: CheckedResponse): void {
    const what = `${method} ${path} answered ${response.status} (${response.contentType || 'no content type'})`;
    const found = this.templates.find((t) => t.method === method && t.pattern.test(path));
    if (!found) {
      if (undocumented.some((rule) => rule.test(path) || rule.test(`${method} ${path}`))) return;
      if (response.status === 404 || response.status === 405) {
        // No such route: the one error shape still applies.
        this.validate(what, '#/components/schemas/ErrorResponseDto', response.body);
        return;
      }
      throw new Error(`${what}, but the API document has no operation for ${method} ${path}`);
    }
    const where = `#/paths/${pointer(found.template)}/${found.method.toLowerCase()}`;
    const operation = this.document.paths[found.template][found.method.toLowerCase()];
    const status = String(response.status);
    const declared =
      operation.responses[status] ??
      operation.responses[`${status[0]}XX`] ??
      operation.responses.default;
    if (!declared) {
      throw new Error(
        `${what}: status ${status} is not declared for ${found.method} ${found.template} ` +
          `(declared: ${Object.keys(operation.responses).join(', ')})`,
      );
    }
    const content = declared.content ?? {};
    if (Object.keys(content).length === 0) {
      if (response.text === '' || status.startsWith('3')) return;
      throw new Error(`${what}: the document declares no body for it, yet one came`);
    }
    const mediaType = response.contentType.split(';')[0].trim().toLowerCase();
    const key = [mediaType, `${mediaType.split('/')[0]}/*`, '*/*'].find((type) => content[type]);
    if (!key) {
      throw new Error(`${what}: declared media types are ${Object.keys(content).join(', ')}`);
    }
    if (!content[key].schema) return;
    const schemaPath = `${where}/responses/${status}/content/${pointer(key)}/schema`;
    if (/json/.test(mediaType)) this.validate(what, schemaPath, response.body);
    else if (mediaType.startsWith('text/')) this.validate(what, schemaPath, response.text);
  }

  /** A webhook delivery's body against the document's `webhooks` entry for its event type. */
  checkEvent(type: string, body: unknown): void {
    const schemaPath = `#/webhooks/${pointer(type)}/post/requestBody/content/application~1json/schema`;
    this.validate(`a ${type} webhook delivery`, schemaPath, body);
  }

  private validate(what: string, schemaPath: string, value: unknown): void {
    let validator = this.validators.get(schemaPath);
    if (!validator) {
      validator = this.ajv.getSchema(`api${schemaPath}`);
      if (!validator) throw new Error(`no schema at ${schemaPath} in the API document`);
      this.validators.set(schemaPath, validator);
    }
    if (!validator(value)) {
      const errors = this.ajv.errorsText(validator.errors, { dataVar: 'body' });
      throw new Error(
        `${what}: the body does not match ${schemaPath}: ${errors}\nbody: ${JSON.stringify(value).slice(0, 500)}`,
      );
    }
  }
}

function pointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export interface CheckedResponse {
  status: number;
  contentType: string;
  text: string;
  body: unknown;
}

const contracts = new Map<string, ApiContract>();

/** Loads the document a running gateway serves, so responses from its origin are checked. */
export async function registerApiDocument(baseUrl: string): Promise<void> {
  const response = await fetch(`${baseUrl}/docs-json`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${baseUrl}/docs-json answered ${response.status}`);
  contracts.set(new URL(baseUrl).origin, new ApiContract((await response.json()) as ApiDocument));
}

export function forgetApiDocument(baseUrl: string): void {
  contracts.delete(new URL(baseUrl).origin);
}

/**
 * Throws when a response of a registered gateway is not what its document declares. `url` is the
 * address answered last: after a redirect, the body belongs to a `GET` of that address.
 */
export function checkAgainstApiDocument(
  method: string,
  url: string,
  redirected: boolean,
  response: CheckedResponse,
): void {
  const address = new URL(url);
  const contract = contracts.get(address.origin);
  if (!contract) return;
  const answered = redirected && !['GET', 'HEAD'].includes(method) ? 'GET' : method;
  if (answered === 'HEAD') return;
  contract.check(answered, address.pathname, response);
}

/** Throws when an event a gateway POSTed to a webhook receiver is not what its document declares. */
export function checkWebhookEventAgainstApiDocument(gatewayUrl: string, body: string): void {
  const contract = contracts.get(new URL(gatewayUrl).origin);
  if (!contract) throw new Error(`no API document registered for ${gatewayUrl}`);
  const event = JSON.parse(body) as { type?: unknown };
  contract.checkEvent(String(event.type), event);
}
