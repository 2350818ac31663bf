import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { controllerSetup, type TestApp } from '../testing/controller-setup';
import { storedNameOf, tinyPng } from '../testing/photos';
import { DisplayController } from './display.controller';

const stored = storedNameOf(tinyPng);
const notFound = { statusCode: 404, error: 'not-found', message: 'No such upload' };

describe('DisplayController (in process)', () => {
  let app: TestApp;

  beforeEach(async () => {
    app = await controllerSetup({ controllers: [DisplayController] });
    mkdirSync(app.env.UPLOAD_DIR, { recursive: true });
    writeFileSync(join(app.env.UPLOAD_DIR, stored), tinyPng);
    // Files in the folder that are not content names must never be served.
    writeFileSync(join(app.env.UPLOAD_DIR, '.upload-in-progress'), 'partial upload');
    writeFileSync(join(app.env.UPLOAD_DIR, 'notes.txt'), 'not an upload');
    writeFileSync(join(app.dir, 'secret.txt'), 'outside the upload folder');
  });

  afterEach(() => app.close());

  it("sends the original service's /display address on to /uploads for good (301)", async () => {
    const response = await app.fetch(`/display/${stored}`);
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe(`/uploads/${stored}`);
  });

  it('passes a name on to /uploads as it is, encoded, whatever it is', async () => {
    const response = await app.fetch('/display/my%20photo%3F.png');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/uploads/my%20photo%3F.png');
  });

  it('serves a stored upload with its image type, never sniffed, cacheable for good', async () => {
    const response = await app.fetch(`/uploads/${stored}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    // The image's own policy: nothing in it may load or run anything.
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; img-src 'self'",
    );
    expect(response.headers.get('cache-control')).toMatch(/immutable/);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(tinyPng);
  });

  it("serves the thumbnail a worker wrote of an animation's frame, as a JPEG", async () => {
    const thumbnail = `${stored.slice(0, 64)}.frame-7.jpg`;
    const jpegStart = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
    writeFileSync(join(app.env.UPLOAD_DIR, thumbnail), jpegStart);
    const response = await app.fetch(`/uploads/${thumbnail}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(jpegStart);
  });

  it.each([
    ['a frame thumbnail never written', `${'cd'.repeat(32)}.frame-0.jpg`],
    ['a content name never stored', `${'cd'.repeat(32)}.png`],
    ['a stored hash with another type', stored.replace('.png', '.jpg')],
    ['a file that is not a content name', 'notes.txt'],
    ['a temporary upload', '.upload-in-progress'],
    ['a path out of the folder', '..%2Fsecret.txt'],
    ['an encoded path out of the folder', '%2E%2E%2Fsecret.txt'],
    ['a path to a stored name', `x%2F..%2F${stored}`],
  ])('answers %s with 404 in the error shape', async (_case, name) => {
    const response = await app.fetch(`/uploads/${name}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(notFound);
  });
});
