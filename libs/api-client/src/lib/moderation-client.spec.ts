import { createModerationClient } from './moderation-client';

/** A fetch that records the request and answers `status` with `body` as JSON. */
function answering(status: number, body: unknown) {
  const requests: Request[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { requests, fetch: fetch as typeof globalThis.fetch };
}

const moderationId = '3f0c8a52-7d4e-4b1a-9c55-2f0b8e3d9c41';

describe('createModerationClient', () => {
  it('sends a photo to /predict as multipart with its name, reference, model and idempotency key', async () => {
    const { requests, fetch } = answering(200, { success: true, moderationId });
    const client = createModerationClient({ baseUrl: 'http://gateway.test/', token: 'k', fetch });
    const { data, error } = await client.predict(
      { bytes: new Uint8Array([0xff, 0xd8, 0xff]), filename: 'photo.jpg', type: 'image/jpeg' },
      { reference: 'review-1/photo-2', model: 'mobilenet_v2', idempotencyKey: 'retry-1' },
    );
    expect(data?.moderationId).toBe(moderationId);
    expect(error).toBeUndefined();
    const [request] = requests;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('http://gateway.test/predict');
    expect(request.headers.get('authorization')).toBe('Bearer k');
    expect(request.headers.get('idempotency-key')).toBe('retry-1');
    expect(request.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const form = await request.formData();
    const file = form.get('file') as File;
    expect([file.name, file.type, [...new Uint8Array(await file.arrayBuffer())]]).toEqual([
      'photo.jpg',
      'image/jpeg',
      [0xff, 0xd8, 0xff],
    ]);
    expect([form.get('reference'), form.get('model')]).toEqual([
      'review-1/photo-2',
      'mobilenet_v2',
    ]);
  });

  it('leaves out the fields and headers not given', async () => {
    const { requests, fetch } = answering(200, {});
    const client = createModerationClient({ baseUrl: 'http://gateway.test', fetch });
    await client.predict({ bytes: new Uint8Array([1]), filename: 'a.png' });
    const [request] = requests;
    expect(request.headers.has('authorization')).toBe(false);
    expect(request.headers.has('idempotency-key')).toBe(false);
    expect([...(await request.formData()).keys()]).toEqual(['file']);
  });

  it('sends a batch with one reference per photo, in order, empty where a photo has none', async () => {
    const { requests, fetch } = answering(202, { id: 'b', items: [] });
    const client = createModerationClient({ baseUrl: 'http://gateway.test', fetch });
    await client.submitBatch(
      [
        { bytes: new Uint8Array([1]), filename: 'a.png', reference: 'r-a' },
        { bytes: new Uint8Array([2]), filename: 'b.png' },
      ],
      { callbackUrl: 'https://shop.test/hooks' },
    );
    const form = await requests[0].formData();
    expect((form.getAll('files') as File[]).map((file) => file.name)).toEqual(['a.png', 'b.png']);
    expect(form.getAll('reference')).toEqual(['r-a', '']);
    expect(form.get('callbackUrl')).toBe('https://shop.test/hooks');
  });

  it('sends a decision as JSON to the moderation named, and gives an error answer as `error`', async () => {
    const refusal = { statusCode: 409, error: 'decision-conflict', message: 'decided already' };
    const { requests, fetch } = answering(409, refusal);
    const client = createModerationClient({ baseUrl: 'http://gateway.test', token: 'm', fetch });
    const { data, error, response } = await client.decide(moderationId, {
      decision: 'reject',
      reason: 'nudity',
    });
    expect([data, error, response.status]).toEqual([undefined, refusal, 409]);
    const [request] = requests;
    expect(request.url).toBe(`http://gateway.test/moderations/${moderationId}/decision`);
    expect(await request.json()).toEqual({ decision: 'reject', reason: 'nudity' });
  });

  it('gives up on a gateway that does not answer within the timeout', async () => {
    const never = ((_: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      )) as typeof globalThis.fetch;
    const client = createModerationClient({
      baseUrl: 'http://gateway.test',
      fetch: never,
      timeoutMs: 50,
    });
    await expect(client.health()).rejects.toThrow(/timeout|aborted/i);
  });
});
