import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { markerRewriter, markerSlot, nextMarker, uniqueVariant } from './unique-images';

export interface Photo {
  name: string;
  bytes: Buffer;
}

/** Review photos as shops receive them: 0.3–3 MP JPEGs, some PNG and WebP, from real photos. */
export async function reviewPhotos(): Promise<Photo[]> {
  const fixture = (name: string) => readFileSync(join('fixtures/images', name));
  const sized = (name: string, width: number, height: number) =>
    sharp(fixture(name)).resize(width, height, { fit: 'fill' });
  return [
    {
      name: '0.3 MP JPEG',
      bytes: await sized('chelsea.png', 640, 480).jpeg({ quality: 85 }).toBuffer(),
    },
    {
      name: '1 MP JPEG',
      bytes: await sized('coffee.png', 1200, 800).jpeg({ quality: 85 }).toBuffer(),
    },
    {
      name: '2 MP JPEG',
      bytes: await sized('rocket.jpg', 1730, 1150).jpeg({ quality: 85 }).toBuffer(),
    },
    {
      name: '3 MP JPEG',
      bytes: await sized('astronaut.png', 1730, 1730).jpeg({ quality: 85 }).toBuffer(),
    },
    { name: '1 MP PNG', bytes: await sized('motorcycle_left.png', 1220, 820).png().toBuffer() },
    {
      name: '0.5 MP WebP',
      bytes: await sized('horse.png', 860, 600)
        .webp({ quality: 80 })
        .withExif({ IFD0: { ImageDescription: markerSlot } })
        .toBuffer(),
    },
  ];
}

/**
 * Photos as phones take them: 12 MP (4032×3024) and 48 MP (8064×6048) JPEGs stored sideways with
 * EXIF orientation 6, as a phone held upright writes them, made from the fixtures.
 */
export async function phonePhotos(): Promise<Photo[]> {
  const fixture = (name: string) => readFileSync(join('fixtures/images', name));
  const phone = async (name: string, width: number, height: number, label: string) => ({
    name: label,
    bytes: await sharp(
      await sharp(fixture(name)).resize(width, height, { fit: 'fill' }).png().toBuffer(),
    )
      // Stored a quarter turn off; the orientation tag turns it upright again.
      .rotate(270)
      .jpeg({ quality: 92 })
      .withMetadata({ orientation: 6 })
      .toBuffer(),
  });
  return [
    await phone('coffee.png', 4032, 3024, '12 MP JPEG'),
    await phone('chelsea.png', 4032, 3024, '12 MP JPEG b'),
    await phone('rocket.jpg', 8064, 6048, '48 MP JPEG'),
  ];
}

const boundary = '----moderation-bench';

export const multipartHeaders = { 'content-type': `multipart/form-data; boundary=${boundary}` };

/** A `POST /predict` body carrying one photo in the `file` field. */
export function multipart(bytes: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

/** A photo of the set, with bytes never sent before. */
export interface FreshPhoto {
  photo: Photo;
  bytes: Buffer;
}

/** The photos in turn, each time with bytes never sent before. */
export function freshPhotos(photos: Photo[]): () => FreshPhoto {
  let count = 0;
  return () => {
    const photo = photos[count++ % photos.length];
    return { photo, bytes: uniqueVariant(photo.bytes, nextMarker()) };
  };
}

/**
 * `POST /predict` bodies for one connection of a load test: the photos in turn, each time with
 * bytes never sent before. Each photo's body is made once and its marker rewritten in place, so
 * a body is handed out again after every photo had its turn: call this again only once the
 * request that carried the previous body has been sent in full.
 */
export function freshBodies(photos: Photo[]): () => Buffer {
  const bodies = photos.map((photo) => {
    const bytes = multipart(uniqueVariant(photo.bytes, markerSlot));
    return { bytes, mark: markerRewriter(bytes) };
  });
  let count = 0;
  return () => {
    const body = bodies[count++ % bodies.length];
    body.mark(nextMarker());
    return body.bytes;
  };
}
