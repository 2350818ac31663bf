import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { GatewayEnv } from '../config/gateway-env';
import { UploadTooLargeError } from '../errors/gateway-errors';

/** Room for the multipart boundaries, part headers and small form fields around the file. */
const multipartOverheadBytes = 64 * 1024;

/**
 * Refuses an upload whose declared length is already over the limit, before reading any of it,
 * and closes the connection so the client stops sending. Uploads without a declared length
 * (chunked) are cut off by multer's own limit as they stream.
 */
@Injectable()
export class UploadSizeMiddleware implements NestMiddleware {
  constructor(private readonly env: GatewayEnv) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > this.env.MAX_UPLOAD_BYTES + multipartOverheadBytes) {
      response.setHeader('Connection', 'close');
      next(new UploadTooLargeError(this.env.MAX_UPLOAD_BYTES));
      return;
    }
    next();
  }
}
