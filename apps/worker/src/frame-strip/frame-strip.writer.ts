import { access, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { frameThumbnailName } from '@moderation/contracts';
import { InferenceService } from '@moderation/inference';
import { WorkerEnv } from '../config/worker-env';

/** Longest side of a frame still: a strip of them fits under the photo on a moderator's page. */
export const frameStillSide = 160;

/** Writes stills of an upload's frames beside it in the upload folder, each once. */
@Injectable()
export class FrameStripWriter {
  constructor(
    private readonly inference: InferenceService,
    private readonly env: WorkerEnv,
  ) {}

  /** Draws and writes the stills not written yet; how many it wrote. */
  async write(storedName: string, bytes: Buffer, frames: number[]): Promise<number> {
    const missing = await this.missing(storedName, frames);
    if (missing.length === 0) return 0;
    const stills = await this.inference.frameThumbnails(bytes, missing, frameStillSide);
    await Promise.all(
      missing.map((index, i) => this.save(frameThumbnailName(storedName, index), stills[i])),
    );
    return missing.length;
  }

  private async missing(storedName: string, frames: number[]): Promise<number[]> {
    const found = await Promise.all(
      frames.map((index) =>
        access(join(this.env.UPLOAD_DIR, frameThumbnailName(storedName, index))).then(
          () => true,
          () => false,
        ),
      ),
    );
    return frames.filter((_, i) => !found[i]);
  }

  /** Whole or not at all: the gateway serves a name the moment it exists. */
  private async save(name: string, bytes: Buffer): Promise<void> {
    const temporary = join(this.env.UPLOAD_DIR, `.${name}.${process.pid}.tmp`);
    await writeFile(temporary, bytes);
    await rename(temporary, join(this.env.UPLOAD_DIR, name));
  }
}
