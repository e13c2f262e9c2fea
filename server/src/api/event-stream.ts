/**
 * Listens to one topic of an EventTarget and yields its messages in order. `next(timeoutMs)`
 * resolves to null when nothing arrived in time, so a subscriber can re-check state even if the
 * event bus dropped a message (e.g. while reconnecting to the database).
 */
export function topicStream<T>(target: EventTarget, topic: string) {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  const listener = (event: Event) => {
    queue.push((event as CustomEvent<T>).detail);
    wake?.();
  };
  target.addEventListener(topic, listener);
  return {
    async next(timeoutMs: number): Promise<T | null> {
      if (queue.length) return queue.shift()!;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
      return queue.shift() ?? null;
    },
    close() {
      target.removeEventListener(topic, listener);
    },
  };
}
