import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LinkConnectionState } from '../../src/IceRestart.js';
import { SfuIceRecovery } from '../../src/sfu/SfuIceRecovery.js';

// The wiring of one SFU connection to the mesh links' restart policy, with a stand-in connection
// whose state the test sets; the real connections through Janus and coturn are in sfuIceRestart.test.ts.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Just what SfuIceRecovery reads of a connection: its states and their change handlers. */
class StandInConnection {
  connectionState: RTCPeerConnectionState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  onconnectionstatechange: (() => void) | null = null;
  oniceconnectionstatechange: (() => void) | null = null;

  set(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }
}

function recovery(restart: () => Promise<void>) {
  const pc = new StandInConnection();
  const shown: LinkConnectionState[] = [];
  const failures: unknown[] = [];
  const watch = new SfuIceRecovery(pc as unknown as RTCPeerConnection, restart, {
    onChange: (state) => shown.push(state),
    onFailed: (error) => failures.push(error),
  });
  return { pc, watch, shown, failures };
}

describe('SfuIceRecovery', () => {
  it('restarts a failed connection at once, shows reconnecting, and connected again once it is', async () => {
    const restart = vi.fn(() => Promise.resolve());
    const { pc, watch, shown } = recovery(restart);
    pc.set('connecting');
    pc.set('connected');
    pc.set('failed');
    await vi.advanceTimersByTimeAsync(0);
    expect(restart).toHaveBeenCalledTimes(1);
    expect(watch.state).toBe('reconnecting');
    pc.set('connected');
    expect(shown).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    expect(watch.attempts).toBe(0);
  });

  it('waits out the disconnected grace before restarting', async () => {
    const restart = vi.fn(() => Promise.resolve());
    const { pc } = recovery(restart);
    pc.set('connected');
    pc.set('disconnected');
    await vi.advanceTimersByTimeAsync(2_900);
    expect(restart).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    expect(restart).toHaveBeenCalledTimes(1);
  });

  it('never runs two restarts at once: a retry while one is on its way is skipped', async () => {
    let finish: () => void = () => undefined;
    const restart = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const { pc } = recovery(restart);
    pc.set('connected');
    pc.set('failed');
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(2_000); // the policy's retry comes while the first is unanswered
    expect(restart).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(restart).toHaveBeenCalledTimes(2);
  });

  it('reports a refused restart to its owner and keeps retrying until told to stop', async () => {
    const refusal = new Error('The media server session is gone');
    const restart = vi.fn(() => Promise.reject(refusal));
    const { pc, watch, failures } = recovery(restart);
    pc.set('connected');
    pc.set('failed');
    await vi.advanceTimersByTimeAsync(0);
    expect(failures).toEqual([refusal]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(restart).toHaveBeenCalledTimes(2);
    watch.dispose();
    expect(pc.onconnectionstatechange).toBeNull();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(restart).toHaveBeenCalledTimes(2);
  });
});
