import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { assignRequestId } from './request-id';

function exchange(headers: Record<string, string>) {
  const req = new IncomingMessage(new Socket());
  req.headers = headers;
  return { req, res: new ServerResponse(req) };
}

describe('assignRequestId', () => {
  it("keeps the caller's id and echoes it", () => {
    const { req, res } = exchange({ 'x-request-id': 'shop-42.upload:7' });
    expect(assignRequestId(req, res)).toBe('shop-42.upload:7');
    expect(res.getHeader('x-request-id')).toBe('shop-42.upload:7');
  });

  it('replaces an id that could forge log lines with a fresh UUID', () => {
    const { req, res } = exchange({ 'x-request-id': 'ok\n{"level":60}' });
    const id = assignRequestId(req, res);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(res.getHeader('x-request-id')).toBe(id);
  });

  it('gives every request without an id a different one', () => {
    const a = exchange({});
    const b = exchange({});
    expect(assignRequestId(a.req, a.res)).not.toBe(assignRequestId(b.req, b.res));
  });
});
