import { request } from 'node:http';
import WebSocket from 'ws';
import { badPacket, protocolViolation, seededRandom, type Random } from './frames.js';

export interface FuzzOptions {
  serverUrl: string;
  /** Frames to send in all. */
  frames: number;
  /** Connections open at once. */
  parallel: number;
  seed: number;
  /** The address every connection comes from (any 127.x): the server's per-address limits punish it, not others. */
  localAddress: string;
  /** Called after each connection with the running total of frames sent. */
  onProgress?: (sent: number) => void;
}

export interface FuzzReport {
  framesSent: number;
  connections: number;
  /** Connections the server closed on us (its defence against a broken or flooding peer). */
  closedByServer: number;
  pollingRequests: number;
}

/**
 * Drives many raw WebSocket connections at a Parley server: each opens an engine.io
 * transport, usually completes the socket.io CONNECT, sends a batch of bad but well-formed
 * packets (sometimes more than the rate limit allows), often ends with a raw frame that
 * breaks the packet syntax, and closes. Some skip the CONNECT (events out of order).
 */
export async function fuzzSignaling(options: FuzzOptions): Promise<FuzzReport> {
  const random = seededRandom(options.seed);
  const report: FuzzReport = { framesSent: 0, connections: 0, closedByServer: 0, pollingRequests: 0 };
  const wsUrl = `${options.serverUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const worker = async (): Promise<void> => {
    while (report.framesSent < options.frames) {
      const batch = 20 + Math.floor(random() * 170);
      const sent = await fuzzConnection(wsUrl, options.localAddress, random, Math.min(batch, options.frames - report.framesSent), report);
      report.framesSent += sent;
      report.connections += 1;
      options.onProgress?.(report.framesSent);
      if (random() < 0.05) await garbagePolling(options.serverUrl, options.localAddress, random, report);
    }
  };
  await Promise.all(Array.from({ length: options.parallel }, worker));
  return report;
}

/** Ack id of the probe that ends a well-behaved batch: its answer proves every frame before it was read. */
const PROBE_ACK = 999_999;

async function fuzzConnection(url: string, localAddress: string, random: Random, batch: number, report: FuzzReport): Promise<number> {
  const ws = new WebSocket(url, { maxPayload: 2 * 1024 * 1024, localAddress });
  ws.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  const within = (ms: number, what: Promise<unknown>): Promise<unknown> =>
    Promise.race([what, new Promise((resolve) => setTimeout(resolve, ms))]);
  const nextMessage = (prefix: string): Promise<void> =>
    new Promise((resolve) => {
      const onMessage = (data: WebSocket.RawData): void => {
        if (
          !Buffer.from(data as Buffer)
            .toString()
            .startsWith(prefix)
        )
          return;
        ws.off('message', onMessage);
        resolve();
      };
      ws.on('message', onMessage);
      void closed.then(() => resolve());
    });
  try {
    const opened = nextMessage('0'); // engine.io OPEN
    await within(10_000, opened);
    if (ws.readyState !== WebSocket.OPEN) return 0;
    let sent = 0;
    const send = (frame: string | Buffer): void => {
      ws.send(frame);
      sent += 1;
    };
    if (random() < 0.03) {
      // Out of order: an event before the socket.io CONNECT. The server hangs up.
      send(badPacket(random));
    } else {
      const connected = nextMessage('40');
      send('40');
      await within(10_000, connected);
      // Now and then a flood above the rate limit (the server cuts it off); else within it.
      const frames = random() < 0.05 ? 400 : batch;
      for (let i = 0; i < frames && ws.readyState === WebSocket.OPEN; i++) {
        send(badPacket(random));
        if (ws.bufferedAmount > 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      if (ws.readyState !== WebSocket.OPEN) {
        // Cut off (rate limit, oversized frame).
      } else if (random() < 0.5) {
        send(protocolViolation(random));
      } else {
        const answered = nextMessage(`43${PROBE_ACK}`);
        send(`42${PROBE_ACK}["leave",{}]`);
        await within(10_000, answered);
      }
    }
    // The server closes on a violation; give it the time to (bounded), then hang up ourselves.
    await within(ws.readyState === WebSocket.OPEN && sent > 0 ? 200 : 0, closed);
    if (ws.readyState !== WebSocket.OPEN) report.closedByServer += 1;
    return sent;
  } finally {
    ws.terminate();
    await closed;
  }
}

/** Long-polling requests with a bogus session id or a garbage body: refused, never a crash. */
async function garbagePolling(serverUrl: string, localAddress: string, random: Random, report: FuzzReport): Promise<void> {
  const sid = random() < 0.5 ? 'bogus' : Buffer.from(String(random())).toString('base64url');
  const body = `${Math.floor(random() * 10)}${'\u001e'.repeat(Math.floor(random() * 5))}garbage`;
  // node:http rather than fetch: fetch cannot choose the local address.
  await new Promise<void>((resolve) => {
    const post = request(
      `${serverUrl}/socket.io/?EIO=4&transport=polling&sid=${sid}`,
      { method: 'POST', localAddress, headers: { 'content-type': 'text/plain;charset=UTF-8' } },
      (response) => {
        response.resume();
        response.on('end', resolve);
        response.on('error', () => resolve());
      },
    );
    // A refused request is the expected outcome.
    post.on('error', () => resolve());
    post.end(body);
  });
  report.pollingRequests += 1;
}
