// The signaling load of @parley/client/load, spoken to peerjs-server: the same clients, rooms,
// offers, answers and candidates (same sizes), the same steady candidate per client and
// interval, so the two servers relay the same volume. PeerJS has no rooms: each simulated
// client offers to the room-mates already registered, as a Parley newcomer offers to the join
// snapshot. peerjs-server stamps `src` on relayed messages as Parley stamps `from`.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { ROOT_DIR } from './stats.mjs';

const { markedCandidate, markedDescription } = await import(pathToFileURL(join(ROOT_DIR, 'packages/client/dist/load/index.js')).href);

const now = () => performance.timeOrigin + performance.now();

/** Same report shape as runSignalingLoad (LoadReport), for the fields that apply. */
export async function runPeerjsLoad(options) {
  const {
    host,
    port,
    rooms,
    roomSize,
    durationMs,
    signalIntervalMs = 2_000,
    candidatesPerExchange = 4,
    connectConcurrency = 50,
    steadyAfterMs = 1_000,
    prefix = `pj${Math.random().toString(36).slice(2, 8)}`,
    clientAddress,
    onProgress,
  } = options;
  const count = options.clients ?? rooms * roomSize;
  const started = performance.now();
  const stats = { connected: 0, peak: 0, ready: 0, sent: 0, received: 0, duplicated: 0, misrouted: 0, gaps: 0, errors: {} };
  const samples = { connectMs: [], joinMs: [], readyMs: [], relayMs: [], steadyRelayMs: [] };
  let steadySince = Number.POSITIVE_INFINITY;
  const error = (code) => (stats.errors[code] = (stats.errors[code] ?? 0) + 1);
  const roomOf = (i) => Math.floor(i / roomSize) % rooms;
  const members = new Map(); // room -> Set of open clients
  let stopping = false;

  const clients = Array.from({ length: count }, (_, i) => {
    const id = `${prefix}-${roomOf(i)}-${i}`;
    return { i, id, room: roomOf(i), ws: null, open: false, sentTo: new Map(), lastN: new Map(), timer: null, heartbeat: null };
  });

  const send = (client, to, type) => {
    if (stopping || !client.open) return;
    const n = (client.sentTo.get(to) ?? 0) + 1;
    client.sentTo.set(to, n);
    const marker = { room: String(client.room), from: client.id, to, n, sentAt: now() };
    // The same bodies as Parley's load (packages/client/src/load/markers.ts), in PeerJS's envelope.
    const payload =
      type === 'CANDIDATE'
        ? { candidate: markedCandidate(marker), type: 'media', connectionId: 'mc_load', marker }
        : { sdp: markedDescription(type === 'OFFER' ? 'offer' : 'answer', marker), type: 'media', connectionId: 'mc_load', marker };
    client.ws.send(JSON.stringify({ type, dst: to, payload }));
    stats.sent += 1;
  };
  const onMessage = (client, data) => {
    let message;
    try {
      message = JSON.parse(data.toString());
    } catch {
      error('unreadable');
      return;
    }
    if (message.type === 'OPEN') return;
    if (message.type === 'EXPIRE' || message.type === 'ERROR') {
      error(message.type);
      return;
    }
    const marker = message.payload?.marker;
    if (!marker || message.dst !== client.id || marker.to !== client.id || marker.from !== message.src) {
      stats.misrouted += 1;
      return;
    }
    const last = client.lastN.get(message.src) ?? 0;
    if (marker.n <= last) {
      stats.duplicated += 1;
      return;
    }
    if (marker.n !== last + 1) stats.gaps += marker.n - last - 1;
    client.lastN.set(message.src, marker.n);
    stats.received += 1;
    const relayMs = now() - marker.sentAt;
    samples.relayMs.push(relayMs);
    if (marker.sentAt >= steadySince) samples.steadyRelayMs.push(relayMs);
    if (message.type === 'OFFER') {
      send(client, message.src, 'ANSWER');
      for (let k = 0; k < candidatesPerExchange; k++) send(client, message.src, 'CANDIDATE');
    } else if (message.type === 'ANSWER') {
      for (let k = 0; k < candidatesPerExchange; k++) send(client, message.src, 'CANDIDATE');
    }
  };
  const tick = (client) => {
    if (stopping || signalIntervalMs <= 0) return;
    client.timer = setTimeout(
      () => {
        const mates = [...(members.get(client.room) ?? [])].filter((c) => c !== client);
        const mate = mates[Math.floor(Math.random() * mates.length)];
        if (mate) send(client, mate.id, 'CANDIDATE');
        tick(client);
      },
      signalIntervalMs * (0.5 + Math.random()),
    );
  };
  const connect = (client) =>
    new Promise((resolve) => {
      const t0 = now();
      const ws = new WebSocket(`ws://${host}:${port}/peerjs?key=peerjs&id=${client.id}&token=t${client.i}`, {
        localAddress: clientAddress?.(client.i),
      });
      client.ws = ws;
      ws.on('error', () => undefined);
      let wsOpen = false;
      ws.once('open', () => {
        wsOpen = true;
        samples.connectMs.push(now() - t0);
        stats.connected += 1;
        stats.peak = Math.max(stats.peak, stats.connected);
      });
      ws.on('message', (data) => {
        if (!client.open) {
          const first = JSON.parse(data.toString());
          if (first.type !== 'OPEN') {
            error(first.type ?? 'refused');
            resolve();
            return;
          }
          const ready = now() - t0;
          samples.readyMs.push(ready);
          samples.joinMs.push(ready);
          client.open = true;
          stats.ready += 1;
          const mates = members.get(client.room) ?? new Set();
          members.set(client.room, mates);
          for (const mate of mates) send(client, mate.id, 'OFFER');
          mates.add(client);
          tick(client);
          // The PeerJS client sends a heartbeat every 5 s (its pingInterval), as socket.io answers a ping every 5 s.
          client.heartbeat = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('{"type":"HEARTBEAT"}'), 5_000);
          resolve();
          return;
        }
        onMessage(client, data);
      });
      ws.once('close', () => {
        if (wsOpen) stats.connected -= 1;
        if (!client.open) resolve();
        if (!stopping) error('disconnected');
        client.open = false;
      });
    });

  const progress = onProgress
    ? setInterval(
        () =>
          onProgress({
            elapsedMs: Math.round(performance.now() - started),
            connected: stats.connected,
            inRoom: stats.ready,
            sent: stats.sent,
            received: stats.received,
            errors: 0,
          }),
        1_000,
      )
    : null;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(connectConcurrency, count) }, async () => {
      while (next < count && performance.now() - started < durationMs) await connect(clients[next++]);
    }),
  );
  // The steady state, as in runSignalingLoad: a while after the last client connected.
  await new Promise((resolve) => setTimeout(resolve, steadyAfterMs));
  steadySince = now();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, durationMs - (performance.now() - started))));
  stopping = true;
  for (const client of clients) {
    clearTimeout(client.timer);
    clearInterval(client.heartbeat);
  }
  // Everything sent is delivered or on its way: wait for the counts to meet (bounded).
  const deadline = performance.now() + 10_000;
  while (stats.received + stats.duplicated + stats.misrouted < stats.sent && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (progress) clearInterval(progress);
  for (const client of clients) client.ws?.terminate();
  return {
    durationMs: Math.round(performance.now() - started),
    clients: count,
    peakConnections: stats.peak,
    joins: stats.ready,
    leaves: 0,
    sent: stats.sent,
    received: stats.received,
    refused: 0,
    lost: Math.max(0, stats.sent - stats.received),
    duplicated: stats.duplicated,
    misrouted: stats.misrouted,
    sequenceGaps: stats.gaps,
    errorsByCode: stats.errors,
    samples,
  };
}
