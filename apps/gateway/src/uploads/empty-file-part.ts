import type { Request } from 'express';

const emptyFilePart = Symbol('emptyFilePart');

interface BusboyLike {
  on(
    event: 'file',
    listener: (field: string, stream: unknown, info: { filename?: string }) => void,
  ): void;
}

/**
 * multer's stream handler, plus a note on the request when a `file` part arrives with an empty
 * file name: what a browser sends when no file was chosen. multer drops such parts, and the
 * original service answered them with their own message ("No image selected for uploading").
 */
export function noticeEmptyFilePart(
  request: Request,
  busboy: NodeJS.WritableStream & BusboyLike,
): void {
  busboy.on('file', (field, _stream, info) => {
    if (field === 'file' && !info.filename) {
      (request as Request & { [emptyFilePart]?: boolean })[emptyFilePart] = true;
    }
  });
  request.pipe(busboy);
}

export function sawEmptyFilePart(request: Request): boolean {
  return (request as Request & { [emptyFilePart]?: boolean })[emptyFilePart] === true;
}
