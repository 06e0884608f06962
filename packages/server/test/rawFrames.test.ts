import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyServer } from '../src/server.js';
import { OFFER, closeAllClients, connect, joined, nextEvent, startServer } from './support/harness.js';

let server: ParleyServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  closeAllClients();
  await server.close();
});

/** Opens a raw engine.io WebSocket and completes the socket.io handshake by hand. */
async function rawSocket(): Promise<WebSocket> {
  const url = `${server.url().replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send('40'); // socket.io CONNECT to the main namespace
  return ws;
}

describe('raw frames', () => {
  it('survives garbage packets and keeps relaying for a call in another room', async () => {
    const room = `raw-${Date.now()}`;
    const [ada, bob] = await Promise.all([connect(server), connect(server)]);
    await joined(ada, room, 'Ada');
    const bobInfo = (await joined(bob, room, 'Bob')).self;

    const frames: Array<string | Buffer> = [
      '42["join",',
      '42[]',
      '42[1,2,3]',
      '42{"not":"an array"}',
      '42["join",{"room":{"$gt":""},"name":"x"}]',
      '42["signal",{"to":"AAAAAAAAAAAAAAAAAAAAAA","description":{"type":"offer","sdp":"v=0"},"__proto__":{"polluted":true}}]',
      '4',
      '49',
      '45-["join",{"_placeholder":true,"num":0}]',
      'not engine.io at all',
      Buffer.from([0xff, 0x00, 0x13, 0x37]),
      '2probe',
    ];
    for (let round = 0; round < 3; round++) {
      const ws = await rawSocket();
      for (const frame of frames) ws.send(frame);
      await new Promise((resolve) => setTimeout(resolve, 50));
      ws.terminate();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const received = nextEvent(bob, 'signal');
    ada.emit('signal', { to: bobInfo.id, description: OFFER });
    expect((await received).description).toEqual(OFFER);
    const health = await fetch(`${server.url()}/healthz`);
    expect(health.status).toBe(200);
  });
});
