import { describe, expect, it, vi } from 'vitest';
import { sideBySide } from '@/server/shared/side-by-side';

/** Work that runs until it is let go, noting how many run with it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => { open = resolve; });
  return { open, opened };
}

describe('sideBySide', () => {
  it('runs at most `limit` at a time: a start waits for room', async () => {
    const pool = sideBySide(2, 1000);
    let running = 0;
    let most = 0;
    const gates = [gate(), gate(), gate()];
    const work = (g: ReturnType<typeof gate>) => async () => {
      running++;
      most = Math.max(most, running);
      await g.opened;
      running--;
    };
    const a = await pool.start(1, work(gates[0]!));
    await pool.start(1, work(gates[1]!));
    let thirdStarted = false;
    const third = pool.start(1, work(gates[2]!)).then((r) => { thirdStarted = true; return r; });
    await new Promise((r) => setTimeout(r, 10));
    expect(thirdStarted).toBe(false);
    gates[0]!.open();
    await a.done;
    const c = await third;
    expect(thirdStarted).toBe(true);
    gates[1]!.open();
    gates[2]!.open();
    await c.done;
    expect(most).toBe(2);
  });

  it('holds at most `budget` together; one item larger than the budget runs alone', async () => {
    const pool = sideBySide(8, 100);
    const small = gate();
    const first = await pool.start(60, () => small.opened);
    let bigStarted = false;
    const big = pool.start(500, async () => { bigStarted = true; });
    await new Promise((r) => setTimeout(r, 10));
    expect(bigStarted).toBe(false);
    small.open();
    await first.done;
    await (await big).done;
    expect(bigStarted).toBe(true);
  });

  it('a failing work ends without rejecting (logged) and frees its room', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const pool = sideBySide(1, 1000);
    const failed = await pool.start(1, async () => { throw new Error('store away'); });
    await expect(failed.done).resolves.toBeUndefined();
    const next = await pool.start(1, async () => {});
    await next.done;
    expect(logged).toHaveBeenCalledWith(expect.any(String), 'store away');
    logged.mockRestore();
  });
});
