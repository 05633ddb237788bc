/**
 * Runs async work one piece at a time. A Durable Object lets requests interleave while one awaits the
 * network; ticks and manual actions must not, so each waits for the one before it to settle.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
