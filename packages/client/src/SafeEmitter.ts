/** Maps each event name to its listener signature. */
export type EventMap = { [event: string]: (...args: any[]) => void };

/**
 * A typed event emitter whose listeners can never break the emitter: a listener that
 * throws is reported through `onListenerError` and the other listeners still run
 * (the `safeEmit` idea from mediasoup-client's enhancedEvents.ts).
 */
export class SafeEmitter<Events extends EventMap> {
  readonly #listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  /** Called when a listener throws. Replace to route errors to your logger. */
  onListenerError: (error: unknown, event: string) => void = (error, event) => {
    console.error(`[parley] listener for "${event}" threw`, error);
  };

  on<E extends keyof Events>(event: E, listener: Events[E]): this {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return this;
  }

  off<E extends keyof Events>(event: E, listener: Events[E]): this {
    this.#listeners.get(event)?.delete(listener);
    return this;
  }

  once<E extends keyof Events>(event: E, listener: Events[E]): this {
    const wrapper = ((...args: Parameters<Events[E]>) => {
      this.off(event, wrapper);
      listener(...args);
    }) as Events[E];
    return this.on(event, wrapper);
  }

  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  protected emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (error) {
        this.onListenerError(error, String(event));
      }
    }
  }

  protected removeAllListeners(): void {
    this.#listeners.clear();
  }
}
