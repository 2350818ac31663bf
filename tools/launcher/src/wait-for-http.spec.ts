import { missingChecks } from './wait-for-http';

describe('missingChecks', () => {
  it('names the checks that are not up, with their errors', () => {
    const body = JSON.stringify({
      status: 'unavailable',
      checks: {
        redis: { status: 'up' },
        workers: { status: 'down', count: 0, error: 'no worker is consuming the prediction queue' },
      },
    });
    expect(missingChecks(body)).toBe('workers: no worker is consuming the prediction queue');
  });

  it('quotes an answer that is not the health report', () => {
    expect(missingChecks('Bad Gateway')).toBe('Bad Gateway');
  });
});
