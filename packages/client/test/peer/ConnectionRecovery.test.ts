import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LinkConnectionState } from '../../src/IceRestart.js';
import { ConnectionRecovery } from '../../src/peer/ConnectionRecovery.js';

// The wiring of one connection (mesh link, SFU publisher or subscriber) to the restart policy,
// with a stand-in connection whose state the test sets; the real connections through coturn and
// Janus are in iceRestartRelay.test.ts and sfu/sfuIceRestart.test.ts.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Just what ConnectionRecovery reads of a connection: its states and their change handlers. */
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

function recovery(restart: () => Promise<void> | void, polite = false) {
  const pc = new StandInConnection();
  const shown: LinkConnectionState[] = [];
  const raw: RTCPeerConnectionState[] = [];
  const failures: unknown[] = [];
  const watch = new ConnectionRecovery(pc as unknown as RTCPeerConnection, restart, {
    polite,
    onRawState: (state) => raw.push(state),
    onChange: (state) => shown.push(state),
    onFailed: (error) => failures.push(error),
  });
  return { pc, watch, shown, raw, failures };
}

describe('ConnectionRecovery', () => {
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
    await vi.advanceTimersByTimeAsync(3_000); // the next retry, 3 s after the skipped one
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

  it('a mesh link restarts by itself at once (a synchronous restart); a throwing one is reported', async () => {
    const errors = [new Error('closing')];
    const restart = vi.fn(() => {
      const error = errors.shift();
      if (error) throw error;
    });
    const { pc, raw, failures } = recovery(restart);
    pc.set('connected');
    pc.set('failed');
    await vi.advanceTimersByTimeAsync(0);
    expect(failures).toEqual([new Error('closing')]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(restart).toHaveBeenCalledTimes(2);
    // The owner saw each state of the connection itself, before what people see was worked out.
    expect(raw).toEqual(['connected', 'failed']);
  });

  it('the polite side of a mesh link waits a little longer on a lost path than the impolite one', async () => {
    const impolite = vi.fn();
    const polite = vi.fn();
    const a = recovery(impolite, false);
    const b = recovery(polite, true);
    for (const side of [a, b]) side.pc.set('connected');
    for (const side of [a, b]) side.pc.set('disconnected');
    await vi.advanceTimersByTimeAsync(3_100);
    expect(impolite).toHaveBeenCalledTimes(1);
    expect(polite).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000); // politeDelayMs
    expect(polite).toHaveBeenCalledTimes(1);
  });

  it('shows connected once the connection is, even when its state changes after the ICE event with no event of its own', async () => {
    const { pc, watch, shown } = recovery(vi.fn());
    pc.set('connected');
    pc.set('disconnected');
    await vi.advanceTimersByTimeAsync(3_100);
    expect(watch.state).toBe('reconnecting');
    // ICE is up again; the connection's own state follows 2 s later, silently.
    pc.iceConnectionState = 'connected';
    pc.oniceconnectionstatechange?.();
    await vi.advanceTimersByTimeAsync(2_000);
    pc.connectionState = 'connected';
    await vi.advanceTimersByTimeAsync(100);
    expect(shown.at(-1)).toBe('connected');
    // Nothing more is looked at once it is connected.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shows connected once the connection is, however long its state lags its ICE state', async () => {
    const { pc, shown } = recovery(vi.fn());
    pc.set('connected');
    pc.set('disconnected');
    await vi.advanceTimersByTimeAsync(3_100);
    pc.iceConnectionState = 'connected';
    pc.oniceconnectionstatechange?.();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(shown.at(-1)).toBe('reconnecting');
    pc.connectionState = 'connected';
    await vi.advanceTimersByTimeAsync(1_000);
    expect(shown.at(-1)).toBe('connected');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shows connected once the connection is, even when no event at all follows the last one, which came while ICE was checking', async () => {
    const restart = vi.fn();
    const { pc, shown, raw } = recovery(restart);
    pc.set('connected');
    pc.iceConnectionState = 'checking';
    pc.set('disconnected');
    await vi.advanceTimersByTimeAsync(3_100);
    expect(shown.at(-1)).toBe('reconnecting');
    const heard = raw.length;
    // Nothing changes for a while: the watch looks, and tells the policy nothing new.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(raw.length).toBe(heard);
    // ICE and the connection come back together, silently.
    pc.iceConnectionState = 'connected';
    pc.connectionState = 'connected';
    await vi.advanceTimersByTimeAsync(1_000);
    expect(shown.at(-1)).toBe('connected');
    expect(vi.getTimerCount()).toBe(0);
  });
});
