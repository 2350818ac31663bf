import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Request } from 'express';
import { ContentAddressedStorage, type HashedFile } from './content-addressed-storage';
import { UploadMemoryBudget } from './upload-memory-budget';

const jpegStart = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);

describe('ContentAddressedStorage', () => {
  let dir: string;
  let response: EventEmitter;
  let budget: UploadMemoryBudget;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'upload-engine-'));
    response = new EventEmitter();
    budget = new UploadMemoryBudget(1_000_000);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Feeds bytes through the engine in 16 KB chunks, as busboy hands them over. */
  function upload(bytes: Buffer, heldBytes: number, declared?: number): Promise<HashedFile> {
    const chunks = Array.from({ length: Math.ceil(bytes.length / 16384) }, (_, i) =>
      bytes.subarray(i * 16384, (i + 1) * 16384),
    );
    return receive(Readable.from(chunks), heldBytes, declared);
  }

  /** An upload of a request that declares `declared` bytes (none if undefined). */
  function receive(stream: Readable, heldBytes: number, declared?: number): Promise<HashedFile> {
    const engine = new ContentAddressedStorage(dir, { requestBytes: 300_000, budget, heldBytes });
    const file = { stream } as unknown as Express.Multer.File;
    const headers = declared === undefined ? {} : { 'content-length': String(declared) };
    const request = { res: response, headers } as unknown as Request;
    return new Promise((resolve, reject) =>
      engine._handleFile(request, file, (error, info) =>
        error || !info ? reject(error) : resolve(info),
      ),
    );
  }

  const photo = Buffer.concat([jpegStart, Buffer.alloc(100_000, 7)]);
  const sha256 = createHash('sha256').update(photo).digest('hex');

  it('keeps an upload under the limit in memory, hashed and typed, with nothing on disk', async () => {
    const received = await upload(photo, 200_000);
    expect(received).toMatchObject({ size: photo.length, sha256, imageType: 'jpg' });
    expect(Buffer.concat(received.chunks ?? [])).toEqual(photo);
    expect(received.path).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('receives a request that declares a length within the limit in memory, whatever it holds otherwise', async () => {
    const received = await upload(photo, 50_000, photo.length + 200);
    expect(Buffer.concat(received.chunks ?? [])).toEqual(photo);
    expect(readdirSync(dir)).toEqual([]);
    expect(budget.inUse).toBe(photo.length + 200);
    response.emit('close');
    expect(budget.inUse).toBe(0);
  });

  it('streams a request declared over the limit to disk, taking nothing from the budget', async () => {
    const received = await upload(photo, 50_000, 400_000);
    expect(received.chunks).toBeUndefined();
    expect(readFileSync(received.path ?? '')).toEqual(photo);
    expect(budget.inUse).toBe(0);
  });

  it('streams to disk when the requests in flight already declared the whole budget', async () => {
    budget.tryTake(950_000);
    const received = await upload(photo, 50_000, photo.length + 200);
    expect(received.chunks).toBeUndefined();
    expect(readFileSync(received.path ?? '')).toEqual(photo);
    expect(budget.inUse).toBe(950_000);
  });

  it('streams a larger upload to a temporary file, removed when the response closes', async () => {
    const received = await upload(photo, 50_000);
    expect(received).toMatchObject({ size: photo.length, sha256, imageType: 'jpg' });
    expect(received.chunks).toBeUndefined();
    expect(readFileSync(received.path ?? '')).toEqual(photo);
    response.emit('close');
    await new Promise((done) => setTimeout(done, 50));
    expect(existsSync(received.path ?? '')).toBe(false);
  });

  it.each([
    ['in memory', 200_000],
    ['on its way to disk', 50_000],
  ])('reports an upload cut off before its end (%s) as failed, not received', async (_, limit) => {
    const stream = new Readable({ read: () => undefined });
    const received = receive(stream, limit);
    stream.push(photo.subarray(0, 80_000));
    setImmediate(() => stream.destroy());
    await expect(received).rejects.toThrow(/premature close/i);
  });
});
