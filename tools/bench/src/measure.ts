/**
 * Median wall time of an async operation in ms, after one warm-up call, over at least `minRuns`
 * runs and until `budgetMs` is spent. The median resists the odd slow run from other processes.
 */
export async function measure(
  operation: () => Promise<unknown>,
  { minRuns, budgetMs }: { minRuns: number; budgetMs: number },
): Promise<number> {
  await operation();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || performance.now() - start < budgetMs) {
    const t0 = performance.now();
    await operation();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
