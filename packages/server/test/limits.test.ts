import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { OFFER, collect, connect, join, joined, metric, nextEvent, nextRejection, serverPerFile } from './support/harness.js';
import { waitFor } from '@parley/testkit';

const server = serverPerFile({ rateLimitPerSecond: 5, rateLimitBurst: 10, maxConnectionsPerIp: 6, maxRooms: 2, maxMessageBytes: 4096 });
let roomCounter = 0;
const freshRoom = (): string => `limits-${Date.now()}-${roomCounter++}`;

describe('rate limit', () => {
  it('disconnects a flooding client with the reason, while the others in its room carry on', async () => {
    const room = freshRoom();
    // Eve floods from an address of her own: a flood keeps that address out for a while.
    const [ada, bob, eve] = await Promise.all([connect(server()), connect(server()), connect(server(), undefined, '127.0.0.7')]);
    const adaInfo = (await joined(ada, room, 'Ada')).self;
    const bobInfo = (await joined(bob, room, 'Bob')).self;
    await joined(eve, room, 'Eve');
    const adaSignals = collect(ada, 'signal');
    const adaRejections = collect(ada, 'rejected');
    const evesRejection = nextRejection(eve, 10_000);
    const evesEnd = nextEvent(eve, 'disconnect' as never, 10_000);

    // 100 messages at once: the burst (10, the join took one) passes, then the bucket is empty.
    for (let i = 0; i < 100; i++) eve.emit('signal', { to: adaInfo.id, description: OFFER });

    const rejection = await evesRejection;
    expect(rejection).toMatchObject({ event: 'signal', error: { code: 'rate-limited' } });
    expect(rejection.error.message).toMatch(/Too many messages/);
    expect(await evesEnd).toBe('io server disconnect');
    // At most her burst got through (socket.io drops what was still queued when she was cut off).
    expect(adaSignals.length).toBeLessThanOrEqual(10);
    expect(await nextEvent(ada, 'participant-left', 10_000)).toBeDefined();

    // Ada and Bob are still connected and still relay to each other.
    const atBob = nextEvent(bob, 'signal');
    ada.emit('signal', { to: bobInfo.id, description: OFFER });
    expect(await atBob).toMatchObject({ from: adaInfo.id, description: OFFER });
    expect(ada.connected && bob.connected).toBe(true);
    expect(adaRejections).toEqual([]);
    expect(await metric(server(), 'parley_rejections_total{reason="rate-limited"}')).toBe(1);
    ada.disconnect();
    bob.disconnect();
    await waitFor(() => server().io.of('/').sockets.size === 0, { what: 'every connection closed' });
  });
});

describe('connections per IP address', () => {
  it('refuses the connection above the limit with the reason, and admits again once one closes', async () => {
    const sockets = [];
    // Whatever other tests in this file left open, fill up to the limit of 6.
    while (server().io.of('/').sockets.size < 6) sockets.push(await connect(server()));
    const extra = io(server().url(), { transports: ['websocket'], forceNew: true, reconnection: false });
    const error = await new Promise<Error & { data?: { code: string; message: string } }>((resolve) =>
      extra.once('connect_error', resolve),
    );
    expect(error.data).toMatchObject({ code: 'too-many-connections' });
    expect(error.message).toMatch(/Too many connections from your address \(limit 6\)/);
    extra.disconnect();
    expect(await metric(server(), 'parley_rejections_total{reason="too-many-connections"}')).toBeGreaterThanOrEqual(1);

    const open = server().io.of('/').sockets.size;
    sockets[0]!.disconnect();
    await waitFor(() => server().io.of('/').sockets.size === open - 1, { what: 'the closed connection to be released' });
    const again = await connect(server());
    expect(again.connected).toBe(true);
    for (const socket of sockets) socket.disconnect();
    again.disconnect();
    await waitFor(() => server().io.of('/').sockets.size === 0, { what: 'every connection closed' });
  });
});

describe('rooms at once', () => {
  it('refuses a new room beyond the limit but lets people join existing ones', async () => {
    const [a, b, c, d] = await Promise.all([connect(server()), connect(server()), connect(server()), connect(server())]);
    const [first, second, third] = [freshRoom(), freshRoom(), freshRoom()];
    await joined(a, first, 'A');
    await joined(b, second, 'B');
    const refused = await join(c, third, 'C');
    expect(refused).toMatchObject({ ok: false, error: { code: 'too-many-rooms' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/limit of 2 meetings/);
    expect((await join(c, first, 'C')).ok).toBe(true);

    await b.timeout(5_000).emitWithAck('leave', {});
    expect((await join(d, third, 'D')).ok).toBe(true);
    for (const socket of [a, b, c, d]) socket.disconnect();
    await waitFor(async () => (await server().store.stats()).rooms === 0, { what: 'the rooms to empty' });
  });
});

describe('message size', () => {
  it('refuses a message above the configured size with both sizes in the reason', async () => {
    const room = freshRoom();
    const [ada, bob] = await Promise.all([connect(server()), connect(server())]);
    await joined(ada, room, 'Ada');
    const bobInfo = (await joined(bob, room, 'Bob')).self;
    const rejection = nextRejection(ada);
    ada.emit('signal', { to: bobInfo.id, description: { type: 'offer', sdp: 'v=0\r\n'.padEnd(5_000, 'a') } });
    expect(await rejection).toMatchObject({ error: { code: 'message-too-large' } });
    expect((await rejection).error.message).toMatch(/the limit is 4096 bytes/);
    ada.disconnect();
    bob.disconnect();
  });
});
