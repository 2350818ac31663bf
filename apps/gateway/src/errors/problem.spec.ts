import { BadRequestException } from '@nestjs/common';
import { RateLimitedError, UploadTooLargeError } from './gateway-errors';
import { toProblem } from './problem';

const errorId = () => 'id-1';

describe('toProblem', () => {
  it('answers an unexpected error with an id and a generic sentence, never its message or stack', () => {
    const error = new Error("ENOENT: no such file or directory, open '/app/secret/config.json'");
    const problem = toProblem(error, errorId);
    expect(problem).toEqual({
      status: 500,
      code: 'internal',
      message: 'Internal error id-1; it has been logged',
      errorId: 'id-1',
    });
    expect(JSON.stringify(problem)).not.toMatch(/secret|ENOENT|at /);
  });

  it('keeps the status, code, message and headers of the gateway’s own errors', () => {
    expect(toProblem(new UploadTooLargeError(1024), errorId)).toMatchObject({
      status: 413,
      code: 'too-large',
      message: 'The upload is larger than the limit of 1,024 bytes',
    });
    expect(toProblem(new RateLimitedError(7), errorId)).toMatchObject({
      status: 429,
      code: 'rate-limited',
      headers: { 'Retry-After': '7' },
    });
  });

  it('passes on what Nest and Express say about a bad request, but not a server error of theirs', () => {
    expect(toProblem(new BadRequestException(['a is wrong', 'b too']), errorId)).toMatchObject({
      status: 400,
      code: 'bad-request',
      message: 'a is wrong; b too',
    });
    const parse = Object.assign(new Error('Unexpected end of JSON input'), {
      status: 400,
      expose: true,
    });
    expect(toProblem(parse, errorId)).toMatchObject({ status: 400, code: 'bad-request' });
    const hidden = Object.assign(new Error('socket hang up at /srv/x'), { status: 500 });
    expect(toProblem(hidden, errorId)).toMatchObject({ status: 500, code: 'internal' });
  });
});
