import { readdirSync, readFileSync } from 'node:fs';

/**
 * Pids of running processes whose command line (or, with `environ`, environment) mentions
 * `needle`. A temp folder passed in the environment finds every process a start spawned, even
 * those that changed their command line or left the process group.
 */
export function processesMentioning(needle: string, source: 'cmdline' | 'environ' = 'cmdline') {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/${source}`, 'utf8').replace(/\0/g, ' ').includes(needle);
      } catch {
        return false;
      }
    })
    .map(Number);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
