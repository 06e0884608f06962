import { describe, expect, it, vi } from 'vitest';
import { NetworkChangeWatch } from '../src/session/NetworkChangeWatch.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('NetworkChangeWatch', () => {
  it('a lost path with signaling still answering is the peer’s trouble: nothing restarts early', async () => {
    const restartAll = vi.fn();
    const watch = new NetworkChangeWatch({ checkAlive: () => Promise.resolve(true), restartAll });
    watch.pathLost();
    await settle();
    watch.backInRoom(true);
    expect(restartAll).not.toHaveBeenCalled();
  });

  it('a lost path with signaling dead too is our network: back in the room, every kept link restarts, once', async () => {
    const restartAll = vi.fn();
    const checkAlive = vi.fn(() => Promise.resolve(false));
    const watch = new NetworkChangeWatch({ checkAlive, restartAll });
    watch.pathLost();
    watch.pathLost(); // the other links notice too: one question is enough
    await settle();
    expect(checkAlive).toHaveBeenCalledTimes(1);
    watch.backInRoom(true);
    watch.backInRoom(true);
    expect(restartAll).toHaveBeenCalledTimes(1);
  });

  it('after a fresh rejoin (links rebuilt on the new network) nothing is left to restart later', async () => {
    const restartAll = vi.fn();
    const watch = new NetworkChangeWatch({ checkAlive: () => Promise.resolve(false), restartAll });
    watch.pathLost();
    await settle();
    watch.backInRoom(false);
    watch.backInRoom(true);
    expect(restartAll).not.toHaveBeenCalled();
  });
});
