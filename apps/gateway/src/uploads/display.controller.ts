import { resolve } from 'node:path';
import { Controller, Get, NotFoundException, Param, Redirect, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { isStoredName } from '@moderation/contracts';
import { GatewayEnv } from '../config/gateway-env';

/** Stored uploads, served read-only and only by their content name. */
@ApiExcludeController()
@Controller()
export class DisplayController {
  constructor(private readonly env: GatewayEnv) {}

  /** The original service's route, kept for its clients: a permanent redirect. */
  @Get('display/:filename')
  @Redirect('/', 301)
  display(@Param('filename') filename: string): { url: string } {
    return { url: `/uploads/${encodeURIComponent(filename)}` };
  }

  @Get('uploads/:filename')
  serve(@Param('filename') filename: string, @Res() response: Response): void {
    if (!isStoredName(filename)) throw new NotFoundException('No such upload');
    response.sendFile(
      filename,
      {
        root: resolve(this.env.UPLOAD_DIR),
        dotfiles: 'deny',
        // The name is the content's hash: the bytes behind it never change.
        immutable: true,
        maxAge: '365d',
        headers: {
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "default-src 'none'; img-src 'self'",
        },
      },
      (error?: Error) => {
        if (error && !response.headersSent) {
          response
            .status(404)
            .json({ statusCode: 404, error: 'not-found', message: 'No such upload' });
        }
      },
    );
  }
}
