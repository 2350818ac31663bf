import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { detectImageType, signatureLength, type ImageType } from './image-type';

/** What the storage engine learns while the upload streams to disk. */
export interface HashedFile {
  /** Temporary file inside the upload folder, until {@link UploadStore} commits it. */
  path: string;
  size: number;
  sha256: string;
  /** From the first bytes; undefined when they are not an accepted image format. */
  imageType?: ImageType;
}

/**
 * A multer storage engine that streams each upload to a temporary file in the upload folder,
 * hashing it and reading its signature on the way: the gateway never holds an upload in memory,
 * whatever its size.
 */
export class ContentAddressedStorage implements StorageEngine {
  constructor(private readonly dir: string) {}

  _handleFile(
    request: Request,
    file: Express.Multer.File,
    callback: (error?: unknown, info?: Partial<Express.Multer.File> & HashedFile) => void,
  ): void {
    const path = join(this.dir, `.upload-${randomUUID()}`);
    // Whatever happens to the request (refused by validation, failed, committed under its
    // content name), the temporary file goes when the response is done.
    request.res?.once('close', () => void unlink(path).catch(() => undefined));
    const hash = createHash('sha256');
    let head = Buffer.alloc(0);
    let size = 0;
    const inspect = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        if (head.length < signatureLength) {
          head = Buffer.concat([head, chunk]).subarray(0, signatureLength);
        }
        done(null, chunk);
      },
    });
    pipeline(file.stream, inspect, createWriteStream(path, { flags: 'wx', mode: 0o640 })).then(
      () =>
        callback(null, {
          path,
          size,
          sha256: hash.digest('hex'),
          imageType: detectImageType(head),
        }),
      (error: unknown) => {
        unlink(path).catch(() => undefined);
        callback(error);
      },
    );
  }

  _removeFile(
    _request: Request,
    file: Express.Multer.File,
    callback: (error: Error | null) => void,
  ): void {
    unlink(file.path).then(
      () => callback(null),
      () => callback(null),
    );
  }
}
