/**
 * Runs work items of one Durable Object one at a time, in arrival order.
 *
 * A DO's input gate opens at every await on I/O (D1, fetch, another DO), so two
 * requests could otherwise interleave and both edit the same cart or session.
 * A failed item does not poison the queue: the next one still runs, and the
 * caller of the failed one gets its rejection.
 */
export class TurnQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
