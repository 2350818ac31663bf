import { JobName } from './queue-names';

/** Draw a still of each listed frame of a stored animation, for the moderators' frame strip. */
export interface FrameStripJobData {
  storedName: string;
  /** Zero-based indices of the frames the model classified. */
  frames: number[];
}

export interface FrameStripJobTypes {
  /** Returns how many stills it wrote (frames already drawn are not drawn again). */
  [JobName.DrawFrameStrip]: { data: FrameStripJobData; result: { written: number } };
}

/** One job per upload: a photo sent to review twice (doubted, then reported) is drawn once. */
export function frameStripJobId(storedName: string): string {
  return `frames-${storedName}`;
}
