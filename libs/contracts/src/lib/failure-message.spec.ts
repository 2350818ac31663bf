import { formatFailure, parseFailure } from './failure-message';
import { PredictionFailure } from './prediction-job';

describe('prediction failure messages', () => {
  it('round-trips a code and its detail', () => {
    const message = formatFailure(
      PredictionFailure.UndecodableImage,
      'Input buffer contains unsupported image format',
    );
    expect(parseFailure(message)).toEqual({
      code: PredictionFailure.UndecodableImage,
      detail: 'Input buffer contains unsupported image format',
    });
  });

  it('does not mistake an ordinary error for a known failure', () => {
    expect(parseFailure('Connection is closed: retrying')).toBeUndefined();
    expect(parseFailure('ENOENT: no such file')).toBeUndefined();
  });
});
