import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { GatewayEnv } from '../config/gateway-env';
import { UploadTooLargeError } from '../errors/gateway-errors';

/** Room for the multipart boundaries, part headers and small form fields around the file. */
const multipartOverheadBytes = 64 * 1024;

/** Bytes of a refused body discarded to let the client read the answer; past this, the connection is cut. */
const maxDiscardedBytes = 64 * 1024 ** 2;

/**
 * Refuses an upload whose declared length is already over the limit at once, before any of it is
 * parsed or stored. The rest of the body is discarded as it arrives (never buffered) so that the
 * client, still sending, can read the 413; a body far over the limit has its connection cut.
 * Uploads without a declared length (chunked) are cut off by multer's own limit as they stream.
 */
@Injectable()
export class UploadSizeMiddleware implements NestMiddleware {
  constructor(private readonly env: GatewayEnv) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > this.env.MAX_UPLOAD_BYTES + multipartOverheadBytes) {
      let discarded = 0;
      request.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > maxDiscardedBytes) request.socket.destroy();
      });
      next(new UploadTooLargeError(this.env.MAX_UPLOAD_BYTES));
      return;
    }
    next();
  }
}
