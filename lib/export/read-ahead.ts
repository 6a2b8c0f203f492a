// Reads an async iterable ahead of its consumer, up to `max` items: while the consumer formats
// and writes one page of rows, the source's next page query is already running in PostgreSQL
// (without it the export waited for every page; bench:export). Memory: at most 2 × `max` items
// (the batch the consumer holds and a full queue).

export async function* readAhead<T>(source: AsyncIterable<T>, max: number): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let queue: T[] = [];
  let done = false;
  let failure: { error: unknown } | null = null;
  let stopped = false;
  let wakeConsumer: (() => void) | null = null;
  let wakePump: (() => void) | null = null;
  const wake = () => {
    wakeConsumer?.();
    wakeConsumer = null;
  };

  const pump = async () => {
    try {
      while (!stopped) {
        if (queue.length >= max) await new Promise<void>((r) => (wakePump = r));
        if (stopped) break;
        const next = await it.next();
        if (next.done) break;
        queue.push(next.value);
        wake();
      }
    } catch (error) {
      failure = { error };
    } finally {
      done = true;
      wake();
    }
  };
  const pumping = pump();

  try {
    for (;;) {
      if (queue.length) {
        const batch = queue;
        queue = [];
        (wakePump as (() => void) | null)?.();
        wakePump = null;
        for (const item of batch) yield item;
        continue;
      }
      if (failure) throw (failure as { error: unknown }).error;
      if (done) return;
      await new Promise<void>((r) => (wakeConsumer = r));
    }
  } finally {
    // The consumer stopped early (an error, a break): stop pulling and let the source clean up.
    stopped = true;
    (wakePump as (() => void) | null)?.();
    await pumping;
    if (!done || queue.length) await it.return?.();
  }
}
