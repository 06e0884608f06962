/** How long and how often `waitFor` looks, and what it waits for (named in the timeout error). */
export interface WaitOptions {
  what: string;
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Resolves once `condition` holds; throws `timed out waiting for <what>` after `timeoutMs`.
 * Tests wait for what a person would see (frames, a badge, a message) instead of sleeping.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, options: WaitOptions): Promise<void> {
  const { what, timeoutMs = 15_000, intervalMs = 25 } = options;
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
