import { DeadlineError, within } from './within';

describe('within', () => {
  it('gives the outcome of a promise that settles in time', async () => {
    await expect(within(1000, Promise.resolve('answer'))).resolves.toBe('answer');
    await expect(within(1000, Promise.reject(new Error('refused')))).rejects.toThrow('refused');
  });

  it('gives up on a promise that hangs', async () => {
    await expect(within(50, new Promise(() => undefined))).rejects.toThrow(DeadlineError);
  });
});
