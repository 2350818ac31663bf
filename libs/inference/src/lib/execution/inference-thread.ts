/**
 * Entry point of an inference thread (worker_threads). It loads its own ONNX Runtime sessions and
 * runs batches sent by the main thread, whose event loop thus never waits on the model. Started
 * with the decode role, it is the decode thread instead (decode-thread.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InferenceError } from '../inference-errors';
import { loadModels, type LoadedModel } from '../models/load-models';
import { runSession } from './model-runner';
import { serveDecodes } from './decode-thread-entry';
import type { DecodeThreadSettings, FromThread, ThreadSettings, ToThread } from './thread-messages';

const port = parentPort;
const threadData = workerData as ThreadSettings | DecodeThreadSettings;

function send(message: FromThread, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

async function serve(settings: ThreadSettings): Promise<void> {
  let models: Map<string, LoadedModel>;
  try {
    const loaded = await loadModels(settings.modelDir, { intraOpThreads: settings.intraOpThreads });
    models = new Map(loaded.map((model) => [model.manifest.id, model]));
  } catch (error) {
    send({
      type: 'failed',
      message: error instanceof Error ? error.message : String(error),
      operatorError: error instanceof InferenceError,
    });
    return;
  }
  port?.on('message', (message: ToThread) => {
    const model = models.get(message.modelId);
    if (!model) {
      send({ type: 'error', id: message.id, message: `model ${message.modelId} is not loaded` });
      return;
    }
    runSession(model, message.parts, message.dims).then(
      (output) => send({ type: 'result', id: message.id, output }, [output.buffer as ArrayBuffer]),
      (error: unknown) => send({ type: 'error', id: message.id, message: String(error) }),
    );
  });
  send({ type: 'ready' });
}

if ('role' in threadData) {
  if (port) serveDecodes(port);
} else {
  void serve(threadData);
}
