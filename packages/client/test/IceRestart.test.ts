import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IceRestart } from '../src/IceRestart.js';
import { hasRelay, RelayProblem, relayNeeded, TurnErrorReporter, turnProblem } from '../src/IceDiagnostics.js';
import { IceServerRefresh, applyIceServers } from '../src/IceServers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function machine(polite = false) {
  const restarts: number[] = [];
  const changes: boolean[] = [];
  const started = Date.now();
  const ice: IceRestart = new IceRestart({
    polite,
    restart: () => restarts.push(Date.now() - started),
    onChange: () => changes.push(ice.reconnecting),
  });
  return { ice, restarts, changes };
}

describe('IceRestart', () => {
  it('restarts at once when a connected link fails, and shows it as reconnecting until connected', () => {
    const { ice, restarts, changes } = machine();
    ice.update('connecting');
    expect(ice.present('connecting')).toBe('connecting'); // first connection: not a *re*connection
    ice.update('connected');
    ice.update('failed');
    expect(ice.present('failed')).toBe('reconnecting');
    vi.advanceTimersByTime(0);
    expect(restarts).toEqual([0]);
    expect(ice.reconnecting).toBe(true);
    ice.update('connecting');
    expect(ice.present('connecting')).toBe('reconnecting');
    ice.update('connected');
    expect(ice.present('connected')).toBe('connected');
    expect(ice.reconnecting).toBe(false);
    expect(ice.attempts).toBe(0);
    expect(changes).toEqual([true, false]);
    vi.advanceTimersByTime(60_000);
    expect(restarts).toEqual([0]); // no retry once recovered
  });

  it('gives `disconnected` a grace period: no restart if it heals, a restart if it lasts', () => {
    const { ice, restarts } = machine();
    ice.update('connected');
    ice.update('disconnected');
    vi.advanceTimersByTime(2_900);
    ice.update('connected'); // healed by itself (consent freshness came back)
    vi.advanceTimersByTime(10_000);
    expect(restarts).toEqual([]);

    ice.update('disconnected');
    vi.advanceTimersByTime(3_000);
    expect(restarts).toHaveLength(1);
  });

  it('cuts the grace short when the link fails meanwhile', () => {
    const { ice, restarts } = machine();
    ice.update('connected');
    ice.update('disconnected');
    vi.advanceTimersByTime(1_000);
    ice.update('failed');
    vi.advanceTimersByTime(0);
    expect(restarts).toEqual([1_000]);
  });

  it('keeps retrying while the path stays down, 2 s apart and then longer up to 10 s, without a storm on repeated failures', () => {
    const { ice, restarts } = machine();
    ice.update('connected');
    ice.update('failed');
    vi.advanceTimersByTime(0);
    for (let i = 0; i < 5; i++) {
      ice.update('connecting');
      ice.update('failed'); // each attempt failing again must not restart immediately
    }
    vi.advanceTimersByTime(20_000);
    // Each attempt gets longer to finish before the next replaces it: 2, 3, 4.5, 6.75 s, …
    expect(restarts.slice(0, 5)).toEqual([0, 2_000, 5_000, 9_500, 16_250]);
    vi.advanceTimersByTime(60_000);
    expect(restarts.at(-1)! - restarts.at(-2)!).toBe(10_000);
  });

  it('after three restarts that did not bring the link back, asks its owner for a new connection instead of a fourth', () => {
    const restarts: number[] = [];
    const rebuilds: number[] = [];
    const started = Date.now();
    const ice = new IceRestart({
      polite: false,
      restart: () => restarts.push(Date.now() - started),
      onChange: () => undefined,
      rebuild: () => rebuilds.push(Date.now() - started),
    });
    ice.update('connected');
    ice.update('failed');
    vi.advanceTimersByTime(60_000);
    expect(restarts).toEqual([0, 2_000, 5_000]);
    expect(rebuilds).toEqual([9_500]);
    ice.update('failed'); // the old connection's last word: it is given up
    vi.advanceTimersByTime(60_000);
    expect(restarts).toHaveLength(3);
    expect(rebuilds).toHaveLength(1);
  });

  it('the polite peer waits a moment longer, and not at all if the other side restarted first', () => {
    const { ice, restarts } = machine(true);
    ice.update('connected');
    ice.update('disconnected');
    vi.advanceTimersByTime(3_500);
    ice.update('connecting'); // the impolite peer's restart offer arrived
    vi.advanceTimersByTime(10_000);
    expect(restarts).toEqual([]);

    ice.update('connected');
    ice.update('failed');
    vi.advanceTimersByTime(999);
    expect(restarts).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(restarts).toHaveLength(1);
  });

  it('does nothing after the link closes', () => {
    const { ice, restarts } = machine();
    ice.update('connected');
    ice.update('failed');
    ice.update('closed');
    vi.advanceTimersByTime(60_000);
    expect(restarts).toEqual([]);
    expect(ice.present('closed')).toBe('closed');
  });
});

describe('TURN error reporting', () => {
  it('reports refused credentials once per reason until reset, and ignores STUN servers', () => {
    const reporter = new TurnErrorReporter();
    const event = { errorCode: 401, errorText: 'Unauthorized', url: 'turn:127.0.0.1:3478?transport=udp' };
    const first = reporter.report(event);
    expect(first).toMatchObject({ code: 'turn-credentials-rejected', details: { status: 401, url: event.url } });
    expect(first?.message).toContain('Could not connect through the relay server (TURN)');
    expect(first?.message).toContain('PARLEY_TURN_SECRET');
    expect(reporter.report(event)).toBeNull();
    expect(reporter.report({ errorCode: 701, url: 'stun:stun.example.org:3478' })).toBeNull();
    expect(
      reporter.report({ errorCode: 701, errorText: 'TURN host lookup received error.', url: 'turns:turn.example.org:443?transport=tcp' }),
    ).toMatchObject({
      code: 'turn-unreachable',
    });
    reporter.reset();
    expect(reporter.report(event)).not.toBeNull();
  });

  it('classifies 431 and 441 as credential problems too', () => {
    expect(turnProblem({ errorCode: 441, url: 'turn:x' })?.code).toBe('turn-credentials-rejected');
    expect(turnProblem({ errorCode: 431, url: 'turn:x' })?.code).toBe('turn-credentials-rejected');
    expect(turnProblem({ errorCode: 486, url: 'turn:x' })?.code).toBe('turn-unreachable');
  });
});

describe('IceServerRefresh', () => {
  const servers = (n: number) => [{ urls: ['turn:127.0.0.1:3478'], username: `${n}:abcdefgh`, credential: `c${n}` }];

  it('asks for new credentials at 80% of their lifetime and hands them to every connection', async () => {
    const applied: RTCIceServer[][] = [];
    let answer = 1;
    const request = vi.fn(async () => ({ iceServers: servers(++answer), iceTransportPolicy: 'relay', ttlSeconds: 300 }));
    const refresh = new IceServerRefresh({ request, apply: (s) => applied.push(s) });
    refresh.start(servers(1), 300);
    expect(refresh.current).toEqual(servers(1));
    await vi.advanceTimersByTimeAsync(239_000);
    expect(request).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(request).toHaveBeenCalledTimes(1);
    expect(applied).toEqual([servers(2)]);
    expect(refresh.current).toEqual(servers(2));
    await vi.advanceTimersByTimeAsync(240_000);
    expect(request).toHaveBeenCalledTimes(2);
    refresh.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('retries a failed or invalid answer soon, and does nothing without expiring credentials', async () => {
    const request = vi
      .fn<() => Promise<unknown>>()
      .mockRejectedValueOnce(new Error('signaling down'))
      .mockResolvedValueOnce({ iceServers: 'not a list' })
      .mockResolvedValue({ iceServers: servers(9), iceTransportPolicy: 'all', ttlSeconds: 300 });
    const applied: RTCIceServer[][] = [];
    const refresh = new IceServerRefresh({ request, apply: (s) => applied.push(s), retryMs: 5_000 });
    refresh.start(servers(1), 100);
    await vi.advanceTimersByTimeAsync(80_000);
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(request).toHaveBeenCalledTimes(3);
    expect(applied).toEqual([servers(9)]);

    const never = vi.fn(async () => ({}));
    new IceServerRefresh({ request: never, apply: () => undefined }).start([{ urls: 'stun:x' }], undefined);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(never).not.toHaveBeenCalled();
  });

  it('applyIceServers keeps the rest of the configuration and skips closed connections', () => {
    const calls: RTCConfiguration[] = [];
    const pc = {
      signalingState: 'stable',
      getConfiguration: () => ({ iceTransportPolicy: 'relay', bundlePolicy: 'max-bundle', iceServers: [] }),
      setConfiguration: (config: RTCConfiguration) => calls.push(config),
    } as unknown as RTCPeerConnection;
    expect(applyIceServers(pc, servers(3))).toBe(true);
    expect(calls).toEqual([{ iceTransportPolicy: 'relay', bundlePolicy: 'max-bundle', iceServers: servers(3) }]);
    expect(applyIceServers({ ...pc, signalingState: 'closed' } as unknown as RTCPeerConnection, servers(4))).toBe(false);
  });
});

describe('the relay problem of a room', () => {
  const unreachable = turnProblem({ errorCode: 701, url: 'turn:relay.example:3478' })!;
  const refused = turnProblem({ errorCode: 401, url: 'turn:relay.example:3478' })!;

  it('keeps refused credentials over "unreachable" until every link connects', () => {
    const relay = new RelayProblem();
    expect(relay.report(new Error('not a relay problem'))).toBe(false);
    expect(relay.report(unreachable)).toBe(true);
    expect(relay.report(refused)).toBe(true);
    expect(relay.report(unreachable)).toBe(false);
    expect(relay.current?.code).toBe('turn-credentials-rejected');
    expect(relay.settle(false)).toBe(false);
    expect(relay.current).toBe(refused);
    expect(relay.settle(true)).toBe(true);
    expect(relay.current).toBeNull();
    expect(relay.settle(true)).toBe(false);
  });

  it('"a relay is needed and none is configured" is a relay problem too, shown until every link connects', () => {
    const relay = new RelayProblem();
    expect(relay.report(relayNeeded())).toBe(true);
    expect(relay.current?.code).toBe('relay-needed');
    expect(relay.current?.message).toMatch(/PARLEY_TURN_URLS/);
    expect(relay.settle(true)).toBe(true);
  });

  it('tells a configuration with a relay from one with only STUN or nothing', () => {
    expect(hasRelay([{ urls: 'stun:stun.example:3478' }])).toBe(false);
    expect(hasRelay([])).toBe(false);
    expect(hasRelay(undefined)).toBe(false);
    expect(hasRelay([{ urls: ['stun:a.example', 'turn:a.example:3478?transport=tcp'], username: 'u', credential: 'c' }])).toBe(true);
    expect(hasRelay([{ urls: 'TURNS:a.example:443' }])).toBe(true);
  });
});
