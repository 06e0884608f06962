/**
 * A closed event map: each event name of an emitter with its listener's signature, and nothing
 * else (no index signature), so a misspelt name or a listener of the wrong type does not compile.
 */
export type EventMap<Events> = { [E in keyof Events]: (...args: never) => void };

/** The arguments a listener of `Listener` receives. */
export type ListenerArgs<Listener> = Listener extends (...args: infer Args) => void ? Args : never;

type AnyListener = (...args: unknown[]) => void;

/** Listeners are stored untyped: `emit` only ever calls one with the arguments its event's signature names. */
function stored(listener: (...args: never) => void): AnyListener {
  return listener as unknown as AnyListener;
}

/**
 * The names of a closed event map, checked both ways: every name is an event of the map, and
 * every event of the map is named (a missing one is a compile error naming it).
 */
export function eventNames<Events>() {
  return <const Names extends readonly (keyof Events & string)[]>(
    names: Names & ([Exclude<keyof Events, Names[number]>] extends [never] ? unknown : { missing: Exclude<keyof Events, Names[number]> }),
  ): Names => names;
}

/**
 * A typed event emitter whose listeners can never break the emitter: a listener that
 * throws is reported through `onListenerError` and the other listeners still run
 * (the `safeEmit` idea from mediasoup-client's enhancedEvents.ts).
 */
export class SafeEmitter<Events extends EventMap<Events>> {
  readonly #listeners = new Map<keyof Events, Set<AnyListener>>();

  /** Called when a listener throws. Replace to route errors to your logger. */
  onListenerError: (error: unknown, event: string) => void = (error, event) => {
    console.error(`[parley] listener for "${event}" threw`, error);
  };

  on<E extends keyof Events>(event: E, listener: Events[E]): this {
    this.#set(event).add(stored(listener));
    return this;
  }

  off<E extends keyof Events>(event: E, listener: Events[E]): this {
    this.#listeners.get(event)?.delete(stored(listener));
    return this;
  }

  once<E extends keyof Events>(event: E, listener: Events[E]): this {
    const wrapper = (...args: unknown[]): void => {
      this.#listeners.get(event)?.delete(wrapper);
      stored(listener)(...args);
    };
    this.#set(event).add(wrapper);
    return this;
  }

  /** Listens to several events at once; the function returned removes every one of them. */
  listen(handlers: { [E in keyof Events]?: Events[E] }): () => void {
    const entries = (Object.keys(handlers) as (keyof Events)[]).flatMap((event) => {
      const handler = handlers[event];
      return handler ? [{ event, listener: stored(handler) }] : [];
    });
    for (const { event, listener } of entries) this.#set(event).add(listener);
    return () => {
      for (const { event, listener } of entries) this.#listeners.get(event)?.delete(listener);
    };
  }

  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  protected emit<E extends keyof Events>(event: E, ...args: ListenerArgs<Events[E]>): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(...(args as unknown[]));
      } catch (error) {
        this.onListenerError(error, String(event));
      }
    }
  }

  #set(event: keyof Events): Set<AnyListener> {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    return set;
  }

  protected removeAllListeners(): void {
    this.#listeners.clear();
  }
}
