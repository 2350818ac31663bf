import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import {
  frameStripJobId,
  JobName,
  QueueName,
  type FrameStripQueue,
  type Moderation,
} from '@moderation/contracts';

/**
 * Asks the workers for the frame strip of an animated photo on its way to a person. Asked only
 * then, and after the model's answer: drawing stills of every frame would otherwise double the
 * decoding an animation costs in the upload path, for photos nobody looks at.
 */
@Injectable()
export class FrameStripRequests {
  constructor(@InjectQueue(QueueName.FrameStrip) private readonly strips: FrameStripQueue) {}

  async request(moderation: Moderation): Promise<void> {
    const perFrame = moderation.classification.frames?.perFrame;
    if (!perFrame) return;
    await this.strips.add(
      JobName.DrawFrameStrip,
      { storedName: moderation.storedName, frames: perFrame.map((frame) => frame.index) },
      { jobId: frameStripJobId(moderation.storedName) },
    );
  }
}
