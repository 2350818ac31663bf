import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { auditLogFile } from '@moderation/contracts';
import { nextAuditLine, parseAuditLine, type AuditEntry } from '@moderation/audit-log';
import { WorkerEnv } from '../config/worker-env';

/** Bytes at the end of the log read for the last line and for the ids already written. */
const recentBytes = 64 * 1024;

/** The complete lines at the end of the log, and where the last complete line ends. */
interface Tail {
  lines: string[];
  end: number;
  size: number;
}

/**
 * Appends entries to the audit log (`audit.jsonl` in the feedback folder), each line chained to
 * the one before it (`@moderation/audit-log`). It runs under the feedback queue's single writer,
 * so no two appends race for the same `seq`; each line is flushed to disk before its job
 * completes.
 */
@Injectable()
export class AuditLogWriter {
  private readonly logger = new Logger(AuditLogWriter.name);

  constructor(private readonly env: WorkerEnv) {}

  get path(): string {
    return join(this.env.FEEDBACK_DIR, auditLogFile);
  }

  /**
   * Appends one entry; false when an entry with its id is already in the last 64 KiB (a retried
   * job whose write had landed).
   */
  async append(entry: AuditEntry, at = new Date()): Promise<boolean> {
    await mkdir(this.env.FEEDBACK_DIR, { recursive: true });
    const file = await open(this.path, 'a+', 0o640);
    try {
      const tail = await readTail(file);
      if (tail.end < tail.size) {
        // A write cut short (a full disk) left part of a line, never a whole entry: its job
        // failed and is retried. Chaining onto it would break the log for good.
        this.logger.warn(`removing an unfinished last line (${tail.size - tail.end} bytes)`);
        await file.truncate(tail.end);
      }
      if (tail.lines.some((line) => parseAuditLine(line)?.id === entry.id)) return false;
      await file.appendFile(`${nextAuditLine(tail.lines.at(-1), entry, at)}\n`, 'utf8');
      await file.datasync();
      return true;
    } finally {
      await file.close();
    }
  }
}

/**
 * The complete lines in the last 64 KiB or more: the window grows until it holds the last
 * complete line whole (or the whole file), since that line is what the next one chains to.
 */
async function readTail(file: FileHandle): Promise<Tail> {
  const { size } = await file.stat();
  for (let window = recentBytes; ; window *= 4) {
    const start = Math.max(0, size - window);
    const { buffer, bytesRead } = await file.read(
      Buffer.alloc(size - start),
      0,
      size - start,
      start,
    );
    const bytes = buffer.subarray(0, bytesRead);
    const last = bytes.lastIndexOf(0x0a);
    // Before the first line end of a window that starts mid-file lies the rest of a cut line.
    const from = start === 0 ? 0 : bytes.indexOf(0x0a) + 1;
    if (start > 0 && (last === -1 || from > last)) continue;
    if (last === -1) return { lines: [], end: 0, size };
    return {
      lines: bytes.subarray(from, last).toString('utf8').split('\n'),
      end: start + last + 1,
      size,
    };
  }
}
