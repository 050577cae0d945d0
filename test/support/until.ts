/**
 * Waits for a condition the test cannot drive in virtual time (a real socket, a real Redis
 * reconnecting), checking every 10 ms; rejects after `ms`, which is a generous bound, never the
 * assertion itself.
 */
export async function until(pred: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
