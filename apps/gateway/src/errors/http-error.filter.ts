import { randomUUID } from 'node:crypto';
import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { toProblem, type Problem } from './problem';
import { pageView } from '../pages/page-view';

/**
 * The one place where errors become HTTP responses, in one JSON shape `{statusCode, error, message}`.
 * `/predict` adds the original service's `{success: false, prediction: null, score: null}` on top;
 * the upload page's forms get the page itself with the message.
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
  const body = { statusCode: problem.status, error: problem.code, message: problem.message };
  if (request.path === '/predict') {
    // The original service's keys, on top of the one error shape.
    response.json({ success: false, prediction: null, score: null, ...body });
  } else if (wantsPage(request)) {
    const moderation = request.path === '/moderation' || request.path.startsWith('/moderation/');
    response.render(moderation ? pageView.moderation : pageView.upload, {
      error: problem.message,
      ...(moderation ? { title: 'Review queue', waiting: '–', decidedToday: '–' } : {}),
    });
  } else {
    response.json(body);
  }
}

/**
 * Browsers on the pages (the upload form, a result, the page's report form, the moderation page
 * and its forms) get a page back.
 */
function wantsPage(request: Request): boolean {
  const pageRoute =
    request.path === '/' ||
    request.path === '/moderation' ||
    request.path.startsWith('/moderation/') ||
    request.path.startsWith('/results/') ||
    (request.path === '/feedback' && request.method === 'POST');
  return (
    pageRoute && !request.is('application/json') && request.accepts(['json', 'html']) === 'html'
  );
}
