import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { loopbackAddress, mergeLoadReports, runSignalingLoad } from '../../src/load/index.js';

let server: ParleyServer;
beforeAll(async () => {
  server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent' }));
  await server.listen();
});
afterAll(async () => {
  await server.close();
});

describe('runSignalingLoad', () => {
  it('fills rooms of the given size, relays every marked message once, and leaves nothing behind', async () => {
    const progress: number[] = [];
    const report = await runSignalingLoad({
      serverUrl: server.url(),
      rooms: 5,
      roomSize: 4,
      durationMs: 4_000,
      signalIntervalMs: 200,
      steadyAfterMs: 200,
      onProgress: (p) => progress.push(p.inRoom),
    });
    expect(report.clients).toBe(20);
    expect(report.peakConnections).toBe(20);
    expect(report.joins).toBe(20);
    expect(report.joinLatencyMs.count).toBe(20);
    expect(report.connectLatencyMs.count).toBe(20);
    expect(report.readyLatencyMs.count).toBe(20);
    expect(report.readyLatencyMs.p50).toBeGreaterThanOrEqual(report.joinLatencyMs.p50);
    // Each room of 4: 6 pairs × (offer + answer + 2 × 4 candidates) at least, plus the periodic ones.
    expect(report.sent).toBeGreaterThanOrEqual(5 * 6 * 10);
    expect(report.received).toBe(report.sent - report.refused);
    expect(report).toMatchObject({ lost: 0, duplicated: 0, misrouted: 0, sequenceGaps: 0 });
    expect(report.relayLatencyMs.count).toBe(report.received);
    // The periodic candidates after everyone joined are the steady state.
    expect(report.steadyRelayLatencyMs.count).toBeGreaterThan(0);
    expect(report.steadyRelayLatencyMs.count).toBeLessThan(report.received);
    expect(report.errorsByCode).toEqual({});
    expect(progress).toContain(20);
    expect(await server.store.stats()).toEqual({ rooms: 0, participants: 0 });
  });

  it('with an address per client the per-address limits count people, not the generator: one shared address is rate-limited, an address each is not', async () => {
    // 20 clients signalling every 200 ms send about 100 messages a second together: a tenth of
    // that per address is allowed (bursts of four times), so from one address they flood it.
    const strict = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', rateLimitPerIp: 10 }));
    await strict.listen();
    try {
      const common = { serverUrl: strict.url(), rooms: 5, roomSize: 4, durationMs: 3_000, signalIntervalMs: 200, steadyAfterMs: 200 };
      const shared = await runSignalingLoad(common);
      expect(shared.errorsByCode['rate-limited']).toBeGreaterThan(0);
      const own = await runSignalingLoad({ ...common, clientAddress: (index) => loopbackAddress(index) });
      expect(own.errorsByCode).toEqual({});
      expect(own).toMatchObject({ joins: 20, lost: 0, duplicated: 0, misrouted: 0 });
    } finally {
      await strict.close();
    }
  });

  it('numbers loopback addresses from 127.1.0.0 on', () => {
    expect([0, 1, 256, 65_536 + 257].map(loopbackAddress)).toEqual(['127.1.0.0', '127.1.0.1', '127.1.1.0', '127.2.1.1']);
    expect(() => loopbackAddress(-1)).toThrow(RangeError);
  });

  it('ends early and cleanly when aborted', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 500);
    const report = await runSignalingLoad({ serverUrl: server.url(), rooms: 2, roomSize: 3, durationMs: 60_000, signal: abort.signal });
    expect(report.durationMs).toBeLessThan(60_000);
    expect(report.lost).toBe(0);
    expect(await server.store.stats()).toEqual({ rooms: 0, participants: 0 });
  });

  it('merges the reports of several runs loading one server at once', async () => {
    const common = { serverUrl: server.url(), rooms: 3, roomSize: 2, durationMs: 1_500, signalIntervalMs: 200, keepSamples: true };
    const parts = await Promise.all([runSignalingLoad(common), runSignalingLoad(common)]);
    const merged = mergeLoadReports(parts);
    expect(merged.clients).toBe(12);
    expect(merged.peakConnections).toBe(12);
    expect(merged.sent).toBe(parts[0].sent + parts[1].sent);
    expect(merged.relayLatencyMs.count).toBe(merged.received);
    expect(merged.joinLatencyMs.max).toBe(Math.max(parts[0].joinLatencyMs.max, parts[1].joinLatencyMs.max));
    expect(merged).toMatchObject({ lost: 0, duplicated: 0, misrouted: 0 });
  });
});
