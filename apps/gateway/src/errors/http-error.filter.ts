import { randomUUID } from 'node:crypto';
import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { toProblem, type Problem } from './problem';
import { pageView } from '../pages/page-view';

/**
 * The one place where errors become HTTP responses. Each route family keeps the shape its clients
 * know: `/predict` the original service's `{success, prediction, score}` plus `error`; the upload
 * page's forms the page itself with the message; everything else `{statusCode, error, message}`.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@InjectPinoLogger('HttpError') private readonly logger: PinoLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const problem = toProblem(exception, randomUUID);
    if (problem.errorId) {
      this.logger.error(
        { err: exception, errorId: problem.errorId, path: request.path },
        'unexpected error',
      );
    } else {
      this.logger.info(
        { status: problem.status, code: problem.code, path: request.path },
        problem.message,
      );
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    send(request, response, problem);
  }
}

function send(request: Request, response: Response, problem: Problem): void {
  response.status(problem.status);
  if (problem.status === 405) response.setHeader('Allow', 'POST');
  for (const [name, value] of Object.entries(problem.headers ?? {})) {
    response.setHeader(name, value);
  }
  if (request.path === '/predict') {
    response.json({
      success: false,
      prediction: null,
      score: null,
      error: problem.code,
      message: problem.message,
    });
  } else if (wantsPage(request)) {
    response.render(pageView.upload, { error: problem.message });
  } else {
    response.json({ statusCode: problem.status, error: problem.code, message: problem.message });
  }
}

/** The upload page's own forms (posted by a browser) get the page back, with the message on it. */
function wantsPage(request: Request): boolean {
  const fromForm =
    request.method === 'POST' &&
    (request.path === '/' || request.path === '/feedback') &&
    !request.is('application/json');
  return fromForm && request.accepts(['json', 'html']) === 'html';
}
