/**
 * Work run side by side, at most `limit` at a time and, together, holding at most `budget`
 * (each starts with its size; one larger than the budget runs alone). `start` waits for room,
 * then gives the running work's end, which never rejects (a failure is logged).
 */
export function sideBySide(limit: number, budget: number) {
  const running = new Set<Promise<void>>();
  let held = 0;
  return {
    async start(size: number, work: () => Promise<unknown>) {
      while (running.size >= limit || (running.size > 0 && held + size > budget)) await Promise.race(running);
      held += size;
      const run: Promise<void> = work().then(() => {}, (error: unknown) => {
        console.error('[side-by-side] work failed:', error instanceof Error ? error.message : error);
      }).finally(() => {
        held -= size;
        running.delete(run);
      });
      running.add(run);
      return { done: run };
    },
  };
}
