import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { finished, Writable } from 'node:stream';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { detectImageType, signatureLength, type ImageType } from './image-type';
import { UploadMemoryBudget } from './upload-memory-budget';

/** Which uploads are received in memory rather than streamed to a temporary file. */
export interface UploadMemoryLimits {
  /** A request that declares at most this many bytes is received in memory if the budget allows. */
  requestBytes: number;
  /** Shared by every request in flight: the bytes they may declare together. */
  budget: UploadMemoryBudget;
  /** The uploads of any other request (no declared length, too long, over budget) hold this much. */
  heldBytes: number;
}

/**
 * A request of up to 8 MB is received in memory while all requests in flight together declare at
 * most 64 MB; the uploads of any other request are held up to 512 KB and then stream to a temporary
 * file. Review photos and phone photos (1–5 MB) fit, and a repeated one is then
 * answered without touching the disk: a repeated 1.25 MB phone photo cost the gateway 9.6 ms of CPU
 * through a temporary file and 7.2–7.6 ms in memory. Deciding from the declared length, not by
 * holding bytes until a limit is passed, keeps large uploads from passing through memory at all:
 * sixteen 20 MB uploads held 8 MB each before going to disk took the gateway from 145 to 245 MB.
 */
export const defaultUploadMemoryLimits = (): UploadMemoryLimits => ({
  requestBytes: 8 * 1024 * 1024,
  budget: new UploadMemoryBudget(64 * 1024 * 1024),
  heldBytes: 512 * 1024,
});

/** What the storage engine learns while an upload arrives. */
export interface HashedFile {
  /**
   * The bytes, for an upload that fitted in memory, in the pieces they arrived in: joining them
   * would copy every upload once more, only for a repeated photo's copy to be dropped unused.
   */
  chunks?: Buffer[];
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
  private readonly reserved = new WeakMap<Request, number>();

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
    const sink = new UploadSink(this.memoryLimitFor(request), path, () =>
      // Whatever happens to the request (refused, failed, committed under its content name),
      // the temporary file goes when the response is done.
      request.res?.once('close', () => void unlink(path).catch(() => undefined)),
    );
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

  /**
   * The bytes this upload may hold in memory: the request's declared length when it fits the
   * limits (HTTP framing keeps the body within it), taken from the budget until the response is done.
   */
  private memoryLimitFor(request: Request): number {
    // A batch's photos share one request body, so its first photo takes the budget for all of them.
    const taken = this.reserved.get(request);
    if (taken !== undefined) return taken;
    const declared = Number(request.headers['content-length']);
    const { budget } = this.memory;
    const fits = declared > 0 && declared <= this.memory.requestBytes && budget.tryTake(declared);
    if (fits) request.res?.once('close', () => budget.release(declared));
    const limit = fits ? declared : this.memory.heldBytes;
    this.reserved.set(request, limit);
    return limit;
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

/** Hashes and holds an upload's bytes until they pass the memory limit, then writes them to `path`. */
class UploadSink extends Writable {
  private readonly hash = createHash('sha256');
  private held: Buffer[] = [];
  private head = Buffer.alloc(0);
  private size = 0;
  private file?: WriteStream;

  constructor(
    private readonly memoryLimit: number,
    private readonly path: string,
    private readonly onSpill: () => void,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error) => void): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.head.length < signatureLength) {
      this.head = Buffer.concat([this.head, chunk]).subarray(0, signatureLength);
    }
    if (!this.file) {
      this.held.push(chunk);
      if (this.size <= this.memoryLimit) return done();
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
      ...(this.file ? { path: this.path } : { chunks: held }),
      size: this.size,
      sha256: this.hash.digest('hex'),
      imageType: detectImageType(this.head),
    };
  }

  private spill(): void {
    this.onSpill();
    this.file = createWriteStream(this.path, { flags: 'wx', mode: 0o640 });
    this.file.once('error', (error) => this.destroy(error));
  }

  private writeToFile(chunk: Buffer, done: () => void): void {
    if (this.file?.write(chunk)) done();
    else this.file?.once('drain', done);
  }
}
