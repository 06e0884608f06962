import { createInterface } from 'node:readline/promises';
import type { Screen } from '../progress.js';

/** Asks a yes/no question on the terminal; anything but y/yes (or Ctrl-C) is no. */
export async function askYesNo(stdin: NodeJS.ReadStream, screen: Screen, question: string, stop: AbortSignal): Promise<boolean> {
  const prompt = createInterface({ input: stdin, output: process.stdout, terminal: screen.live });
  try {
    const answer = await prompt.question(question, { signal: stop });
    return /^\s*y(es)?\s*$/i.test(answer);
  } catch {
    return false;
  } finally {
    prompt.close();
  }
}
