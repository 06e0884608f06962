import { describe, expect, it } from 'vitest';
import { OFFER, connect, join, joined, metric, nextEvent, serverPerFile } from './support/harness.js';
import { waitFor } from '@parley/testkit';

const server = serverPerFile();

describe('/metrics', () => {
  it('serves Prometheus text with connections, rooms, participants, relayed messages and rejections by reason', async () => {
    const response = await fetch(`${server().url()}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of [
      'parley_connections',
      'parley_rooms',
      'parley_participants',
      'parley_messages_relayed_total',
      'parley_rejections_total',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    // The default process metrics come along.
    expect(text).toContain('parley_process_resident_memory_bytes');
    expect(text).toContain('parley_nodejs_eventloop_lag_seconds');

    const room = `metrics-${Date.now()}`;
    const [ada, bob, cy] = await Promise.all([connect(server()), connect(server()), connect(server())]);
    await joined(ada, room, 'Ada');
    const bobInfo = (await joined(bob, room, 'Bob')).self;
    expect(await metric(server(), 'parley_connections')).toBe(3);
    expect(await metric(server(), 'parley_rooms')).toBe(1);
    expect(await metric(server(), 'parley_participants')).toBe(2);
    expect(await metric(server(), 'parley_joins_total')).toBe(2);

    for (let i = 0; i < 3; i++) {
      const relayed = nextEvent(bob, 'signal');
      ada.emit('signal', { to: bobInfo.id, description: OFFER });
      await relayed;
    }
    expect(await metric(server(), 'parley_messages_relayed_total')).toBe(3);

    expect((await join(cy, 'bad room id!', 'Cy')).ok).toBe(false);
    cy.emit('signal', { to: bobInfo.id, description: OFFER }); // not in a room
    await waitFor(async () => (await metric(server(), 'parley_rejections_total{reason="not-in-room"}')) === 1, {
      what: 'the not-in-room rejection',
    });
    expect(await metric(server(), 'parley_rejections_total{reason="invalid-message"}')).toBe(1);

    for (const socket of [ada, bob, cy]) socket.disconnect();
    await waitFor(async () => (await metric(server(), 'parley_connections')) === 0, { what: 'connections to close' });
    expect(await metric(server(), 'parley_rooms')).toBe(0);
    expect(await metric(server(), 'parley_participants')).toBe(0);
    expect(await metric(server(), 'parley_connections_total')).toBe(3);
  });
});
