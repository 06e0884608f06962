import type { Logger } from 'pino';

interface Step {
  part: string;
  close: () => void | Promise<void>;
}

/**
 * The one close path of a server: each part registers how it closes as it starts, and closing
 * runs those steps in the reverse order (what started last depends on what started first, so
 * it stops first, as mediasoup's Router closes its transports before itself). Each step runs
 * once; one that fails is logged and the rest still close. A start that fails half way closes
 * what it had started the same way.
 */
export class Teardown {
  readonly #steps: Step[] = [];
  readonly #log: Logger;
  #closing: Promise<void> | null = null;

  constructor(log: Logger) {
    this.#log = log;
  }

  /** `part` is open from now on; `close` ends it. */
  add(part: string, close: () => void | Promise<void>): void {
    this.#steps.push({ part, close });
  }

  get closing(): boolean {
    return this.#closing !== null;
  }

  /** Closes every part, last started first; later calls get the same promise. */
  close(): Promise<void> {
    this.#closing ??= this.#run();
    return this.#closing;
  }

  async #run(): Promise<void> {
    for (const step of this.#steps.reverse()) {
      try {
        await step.close();
      } catch (error) {
        this.#log.warn({ err: error, part: step.part }, 'close failed');
      }
    }
  }
}

/** Runs `start` with a fresh Teardown; if it throws, what it had started is closed before the error goes on. */
export async function startInOrder<T>(log: Logger, start: (teardown: Teardown) => Promise<T>): Promise<T> {
  const teardown = new Teardown(log);
  try {
    return await start(teardown);
  } catch (error) {
    await teardown.close();
    throw error;
  }
}
