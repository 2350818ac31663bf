import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second, the unit of CPU times in /proc. */
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU time a process has used so far, user and system, all threads, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name, in parentheses, may hold spaces: fields are counted after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime] = [fields[11], fields[12]].map(Number);
  return ((utime + stime) * 1000) / ticksPerSecond;
}

/** CPU used by each named process from now until `done()` is called, in ms. */
export function cpuMeter(processes: Record<string, number>): () => Record<string, number> {
  const start = Object.fromEntries(Object.entries(processes).map(([n, pid]) => [n, cpuMs(pid)]));
  return () =>
    Object.fromEntries(
      Object.entries(processes).map(([name, pid]) => [name, cpuMs(pid) - start[name]]),
    );
}
