import { NoModelLoadedError } from './inference-errors';
import { InferenceService } from './inference.service';

describe('InferenceService without models', () => {
  const service = new InferenceService('/srv/models');

  it('lists no loaded model', () => {
    expect(service.loadedModels()).toEqual([]);
  });

  it('refuses to classify, naming the model folder it looked in', async () => {
    const attempt = service.classify([Buffer.from('image')]);
    await expect(attempt).rejects.toBeInstanceOf(NoModelLoadedError);
    await expect(attempt).rejects.toThrow('no model is loaded from /srv/models');
  });
});
