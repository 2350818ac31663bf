import type { MessagePort } from 'node:worker_threads';
import { UndecodableImageError } from '../inference-errors';
import { frameTensor } from '../preprocessing/frame-tensor';
import type { FromDecodeThread, ToDecodeThread } from './thread-messages';

/**
 * The decode thread's side: decodes each frame it is sent and answers its tensor, transferred.
 * Decodes overlap (sharp works off this thread); only the resize and layout take turns here.
 */
export function serveDecodes(port: MessagePort): void {
  const send = (message: FromDecodeThread, transfer: ArrayBuffer[] = []) =>
    port.postMessage(message, transfer);
  port.on('message', (message: ToDecodeThread) => {
    frameTensor(message.request).then(
      (tensor) => send({ type: 'tensor', id: message.id, tensor }, [tensor.buffer as ArrayBuffer]),
      (error: unknown) =>
        send({
          type: 'error',
          id: message.id,
          message: error instanceof Error ? error.message : String(error),
          undecodable: error instanceof UndecodableImageError,
        }),
    );
  });
  send({ type: 'ready' });
}
