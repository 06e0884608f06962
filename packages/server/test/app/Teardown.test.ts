import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startInOrder, Teardown } from '../../src/app/Teardown.js';

const log = pino({ level: 'silent' });

describe('Teardown: the one close path', () => {
  it('closes the parts last started first, each once, even when one of them fails', async () => {
    const closed: string[] = [];
    const teardown = new Teardown(log);
    teardown.add('redis', () => void closed.push('redis'));
    teardown.add('janus', () => {
      closed.push('janus');
      throw new Error('janus gone');
    });
    teardown.add('signaling', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      closed.push('signaling');
    });
    const first = teardown.close();
    const second = teardown.close();
    expect(second).toBe(first);
    await first;
    await teardown.close();
    expect(closed).toEqual(['signaling', 'janus', 'redis']);
  });

  it('a start that fails half way closes what it had opened, then the error goes on', async () => {
    const closed: string[] = [];
    const failing = startInOrder(log, async (teardown) => {
      teardown.add('redis', () => void closed.push('redis'));
      await Promise.resolve();
      throw new Error('Janus unreachable');
    });
    await expect(failing).rejects.toThrow('Janus unreachable');
    expect(closed).toEqual(['redis']);
  });
});
