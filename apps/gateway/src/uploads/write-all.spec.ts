import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAll } from './write-all';

describe('writeAll', () => {
  const pieces = [
    Buffer.from('first '),
    Buffer.alloc(0),
    Buffer.from('second '),
    Buffer.from('third'),
  ];

  it('writes every piece to the file, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'write-all-'));
    try {
      const file = await open(join(dir, 'f'), 'wx');
      await writeAll(file, pieces);
      await file.close();
      expect(readFileSync(join(dir, 'f'), 'latin1')).toBe('first second third');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes again what a short write left, from where it stopped', async () => {
    const written: string[] = [];
    // A file that takes at most 4 bytes per call, as a kernel may under pressure.
    const file = {
      writev: async (buffers: Buffer[]) => {
        const taken = Buffer.concat(buffers).subarray(0, 4);
        written.push(taken.toString('latin1'));
        return { bytesWritten: taken.length };
      },
    };
    await writeAll(file, pieces);
    expect(written.join('')).toBe('first second third');
    expect(written.length).toBe(Math.ceil('first second third'.length / 4));
  });

  it('fails rather than spin when the file takes nothing', async () => {
    const file = { writev: async () => ({ bytesWritten: 0 }) };
    await expect(writeAll(file, pieces)).rejects.toThrow('took none');
  });
});
