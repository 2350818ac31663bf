import { FixedWindowStorage } from './fixed-window-storage';

describe('FixedWindowStorage', () => {
  let storage: FixedWindowStorage;

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    storage = new FixedWindowStorage();
  });

  afterEach(() => {
    storage.onApplicationShutdown();
    jest.useRealTimers();
  });

  const hit = (key = 'predict:1.2.3.4') => storage.increment(key, 60_000, 3, 60_000, 'predict');

  it('counts up to the limit, then blocks until the block ends, saying for how long', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await hit());
    expect(answers.map((a) => a.isBlocked)).toEqual([false, false, false, true]);
    expect(answers[3]).toMatchObject({ totalHits: 4, timeToBlockExpire: 60 });

    jest.advanceTimersByTime(59_000);
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
    jest.advanceTimersByTime(1_000);
    expect(await hit()).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('counts each client on its own, and forgets clients whose window ended', async () => {
    await hit('predict:a');
    await hit('predict:a');
    expect(await hit('predict:b')).toMatchObject({ totalHits: 1 });
    expect(storage.size).toBe(2);
    jest.advanceTimersByTime(120_000);
    expect(storage.size).toBe(0);
  });
});
