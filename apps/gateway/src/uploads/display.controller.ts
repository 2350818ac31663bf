import { resolve } from 'node:path';
import { Controller, Get, NotFoundException, Param, Redirect, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  frameThumbnailPattern,
  isFrameThumbnailName,
  isStoredName,
  storedNamePattern,
} from '@moderation/contracts';
import { GatewayEnv } from '../config/gateway-env';
import { ApiErrorResponse } from '../openapi/api-responses';
import { exampleUploadName } from '../openapi/example-upload';

const withoutAnchors = (pattern: RegExp) => pattern.source.replace(/^\^|\$$/g, '');
/** An upload's stored name, or the name of one of its frame thumbnails. */
const servedNamePattern = `^(?:${withoutAnchors(storedNamePattern)}|${withoutAnchors(frameThumbnailPattern)})$`;

const storedNameParam = ApiParam({
  name: 'filename',
  description:
    'The stored name `POST /predict` answered with, or `<sha256>.frame-<index>.jpg`: the still thumbnail of one classified frame of an animation (see `frames.perFrame`).',
  schema: { type: 'string', pattern: servedNamePattern },
  example: exampleUploadName,
});

/** Stored uploads, served read-only and only by their content name. */
@ApiTags('uploads')
@Controller()
export class DisplayController {
  constructor(private readonly env: GatewayEnv) {}

  /** The original service's route, kept for its clients: a permanent redirect. */
  @Get('display/:filename')
  @Redirect('/', 301)
  @ApiOperation({ summary: 'The old address of a stored upload: redirects to /uploads/{filename}' })
  @ApiParam({ name: 'filename', description: 'Any name; it is passed on as it is.' })
  @ApiResponse({
    status: 301,
    description: 'Moved permanently to `/uploads/{filename}`.',
    headers: { Location: { description: '`/uploads/{filename}`', schema: { type: 'string' } } },
  })
  display(@Param('filename') filename: string): { url: string } {
    return { url: `/uploads/${encodeURIComponent(filename)}` };
  }

  @Get('uploads/:filename')
  @ApiOperation({ summary: 'A stored upload, as it was sent, or a thumbnail of one of its frames' })
  @storedNameParam
  @ApiResponse({
    status: 200,
    description: 'The image; its name is its hash, so it may be cached for good.',
    content: Object.fromEntries(
      ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/tiff'].map((type) => [
        type,
        { schema: { type: 'string', contentMediaType: type } },
      ]),
    ),
  })
  @ApiErrorResponse(404, 'Not a stored name, or no upload has it.', [
    { code: 'not-found', message: 'No such upload' },
  ])
  async serve(@Param('filename') filename: string, @Res() response: Response): Promise<void> {
    if (!isStoredName(filename) && !isFrameThumbnailName(filename)) {
      throw new NotFoundException('No such upload');
    }
    // Errors go to the one exception filter like any other route's, in the one error shape.
    await new Promise<void>((resolveSent, reject) =>
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
        (error?: Error & { status?: number }) => {
          if (!error) resolveSent();
          else reject(error.status === 404 ? new NotFoundException('No such upload') : error);
        },
      ),
    );
  }
}
