import { ConnectionLoss, RedisConnectionLostError } from './connection-loss';

describe('ConnectionLoss', () => {
  it('passes on the outcome of a wait and then stops listening', async () => {
    const loss = new ConnectionLoss();
    const waits = Array.from({ length: 1000 }, (_, i) => loss.race(Promise.resolve(i)));
    expect(loss.waiting).toBe(1000);
    expect(await Promise.all(waits)).toHaveLength(1000);
    await expect(loss.race(Promise.reject(new Error('job failed')))).rejects.toThrow('job failed');
    expect(loss.waiting).toBe(0);
  });

  it('fails the waits in progress when the connection closes, and only those', async () => {
    const loss = new ConnectionLoss();
    const pending = loss.race(new Promise<never>(() => undefined));
    loss.signal();
    await expect(pending).rejects.toThrow(RedisConnectionLostError);
    expect(loss.waiting).toBe(0);
    await expect(loss.race(Promise.resolve('after'))).resolves.toBe('after');
  });
});
