import { randomBytes } from 'node:crypto';
import { jpegWithComment, pngWithText } from '@moderation/image-bytes';
import type { InferenceService } from '@moderation/inference';
import { fixture } from './http';

export const models = ['mobilenet_v2', 'inception_v3'] as const;
export type ModelId = (typeof models)[number];

export interface Photo {
  /** Bytes never uploaded before: a fixture with a unique comment, pixels unchanged. */
  bytes: Buffer;
  /** What each model says about the fixture. */
  expected: Record<ModelId, string>;
}

/**
 * Review photos for load under faults. Each call returns bytes the service has never seen, so
 * every upload is a real prediction, and the class the inference library gives the same pixels.
 */
export class PhotoSource {
  private count = 0;

  private constructor(private readonly originals: Photo[]) {}

  static async load(inference: InferenceService): Promise<PhotoSource> {
    const names = ['rocket.jpg', 'chelsea.png', 'coffee.png', 'astronaut.png', 'horse.png'];
    const originals = await Promise.all(
      names.map(async (name) => {
        const bytes = fixture(name);
        const [mobilenet, inception] = await Promise.all(
          models.map(async (model) => (await inference.classifyOne(bytes, model)).prediction),
        );
        return { bytes, expected: { mobilenet_v2: mobilenet, inception_v3: inception } };
      }),
    );
    return new PhotoSource(originals);
  }

  next(): Photo {
    const { bytes, expected } = this.originals[this.count % this.originals.length];
    const marker = `fault-${this.count++}-${randomBytes(6).toString('hex')}`;
    const unique =
      bytes[0] === 0xff ? jpegWithComment(bytes, marker) : pngWithText(bytes, 'k', marker);
    return { bytes: unique, expected };
  }
}
