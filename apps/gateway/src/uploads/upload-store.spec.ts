import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request } from 'express';
import { loadConfig } from '@moderation/platform';
import { GatewayEnv } from '../config/gateway-env';
import {
  EmptyFileError,
  NoFilePartError,
  UnsupportedImageTypeError,
} from '../errors/gateway-errors';
import { detectImageType } from './image-type';
import { UploadStore, type ReceivedFile } from './upload-store';

const png = Buffer.concat([
  Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
  Buffer.from('rest of a png'),
]);
const request = {} as Request;

describe('UploadStore', () => {
  let dir: string;
  let store: UploadStore;
  let counter = 0;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upload-store-'));
    store = new UploadStore(loadConfig(GatewayEnv, { UPLOAD_DIR: dir }));
    await store.onModuleInit();
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** What the storage engine hands over for a large upload: a temporary file with its hash and type. */
  function received(bytes: Buffer, originalname = '../../evil\u0000name.gif'): ReceivedFile {
    const path = join(dir, `.upload-${counter++}`);
    writeFileSync(path, bytes);
    return { ...inMemory(bytes, originalname), chunks: undefined, path };
  }

  /** What it hands over for a small upload: the bytes themselves, in the pieces they arrived in. */
  function inMemory(bytes: Buffer, originalname = 'photo.png'): ReceivedFile {
    return {
      chunks: Array.from({ length: Math.ceil(bytes.length / 16) }, (_, i) =>
        bytes.subarray(i * 16, (i + 1) * 16),
      ),
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      imageType: detectImageType(bytes),
      originalname,
    } as ReceivedFile;
  }

  it('stores by SHA-256 and the real type, never by the client name, and removes the temporary file', async () => {
    const stored = await store.keep(received(png), request);
    const hash = createHash('sha256').update(png).digest('hex');
    expect(stored.storedName).toBe(`${hash}.png`);
    expect(readdirSync(dir)).toEqual([`${hash}.png`]);
    expect(readFileSync(join(dir, stored.storedName))).toEqual(png);
    expect(await store.has(stored.storedName)).toBe(true);
  });

  it('keeps the first copy when the same bytes come again, and says which one was first', async () => {
    const first = await store.keep(received(png), request);
    const second = await store.keep(received(png), request);
    const third = await store.keep(inMemory(png), request);
    expect(second.storedName).toBe(first.storedName);
    expect([first.firstSeen, second.firstSeen, third.firstSeen]).toEqual([true, false, false]);
    expect(readdirSync(dir)).toEqual([first.storedName]);
  });

  it('lets go of bytes received in memory once they are stored', async () => {
    // A request then waits for its answer without holding its upload (see UploadStore.keep).
    const small = inMemory(png);
    expect((await store.keep(small, request)).firstSeen).toBe(true);
    expect(small.chunks).toBeUndefined();
  });

  it('commits an upload received in memory once, and never rewrites it', async () => {
    const first = await store.keep(inMemory(png), request);
    const path = join(dir, first.storedName);
    expect(readFileSync(path)).toEqual(png);
    const { ino, mtimeMs } = statSync(path);
    const again = await store.keep(inMemory(png), request);
    const fromDisk = await store.keep(received(png), request);
    expect([again.storedName, fromDisk.storedName]).toEqual([first.storedName, first.storedName]);
    expect(statSync(path)).toMatchObject({ ino, mtimeMs });
    expect(readdirSync(dir)).toEqual([first.storedName]);
  });

  it.each([
    ['no file part', undefined, NoFilePartError],
    ['an empty file', () => received(Buffer.alloc(0)), EmptyFileError],
    ['a text file', () => received(Buffer.from('hello')), UnsupportedImageTypeError],
  ])('refuses %s and leaves nothing behind', async (_case, make, error) => {
    await expect(store.keep(make?.(), request)).rejects.toThrow(error);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('does not know names it never stored, or paths', async () => {
    expect(await store.has(`${'0'.repeat(64)}.png`)).toBe(false);
    expect(await store.has('../../etc/passwd')).toBe(false);
  });
});
