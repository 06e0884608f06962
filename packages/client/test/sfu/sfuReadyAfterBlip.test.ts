import { Socket as ClientSocket } from 'socket.io-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { waitFor } from '@parley/testkit';
import type { Room } from '../../src/Room.js';
import { sfuServerPerFile } from '../support/sfuServer.js';
import '../support/wrtc.js'; // waits for libwebrtc's native teardown at the end of the file

/**
 * Make before break ends with `sfu-ready`: "my tile of you plays from the SFU, stop sending to me
 * on the mesh link". socket.io's connection state recovery replays what the server sent during a
 * blip, not what the client sent: a `sfu-ready` lost with a dying connection left the other side
 * encoding and sending its camera over the mesh link for the rest of the call (seen in a
 * six-person E2EE room on a saturated machine). Real Parley server and Janus, participants in
 * Node (libwebrtc); the room is on the SFU from its second person (PARLEY_MESH_MAX 1).
 */
const sfu = sfuServerPerFile(() => ({ meshMax: 1 }));

/** The mesh senders `from` has towards the participant called `to`, with a track. */
function meshSendersWithTrack(from: Room, to: string): number {
  const link = [...from.participants.values()].find((participant) => participant.name === to)?.link;
  return link?.pc.getSenders().filter((sender) => sender.track !== null).length ?? -1;
}

describe('sfu-ready lost in a signaling blip', () => {
  it('is told again when the connection recovers, and the other side stops sending on the mesh link', async () => {
    const roomId = `sfu-ready-${Date.now()}`;
    const ana = await sfu.enter(roomId, 'Ana');
    const ben = await sfu.enter(roomId, 'Ben');
    // Ben's first `sfu-ready` to Ana never leaves his client, as if sent into a connection about to drop.
    const lost: unknown[] = [];
    const emit = ClientSocket.prototype.emit;
    ClientSocket.prototype.emit = function (this: ClientSocket, event: string, ...args: unknown[]) {
      const to = (args[0] as { to?: string } | undefined)?.to;
      if (event === 'sfu-ready' && to === ana.self!.id && lost.length === 0) {
        lost.push(args[0]);
        return this;
      }
      return emit.call(this, event, ...args);
    } as typeof emit;
    onTestFinished(() => {
      ClientSocket.prototype.emit = emit;
    });

    const anaAtBen = () => [...ben.participants.values()].find((participant) => participant.name === 'Ana');
    await waitFor(() => anaAtBen()?.viaSfu === true && lost.length === 1, {
      what: "Ben's tile of Ana on SFU media, his ready lost",
      timeoutMs: 45_000,
    });
    // Ben's ready went nowhere: Ana still sends him her camera and mic over the mesh link.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(meshSendersWithTrack(ana, 'Ben'), "Ana's mesh senders to Ben with a track").toBe(2);

    // Ben's connection drops for a moment and socket.io recovers the same session.
    const states: string[] = [];
    ben.on('signaling-state', (state: string) => states.push(state));
    const benSocket = [...sfu.server.io.of('/').sockets.values()].find((socket) => socket.data.participantId === ben.self!.id)!;
    benSocket.conn.close();
    await waitFor(() => states.at(-1) === 'connected' && states.length > 1, { what: 'Ben reconnected', timeoutMs: 20_000 });

    await waitFor(() => meshSendersWithTrack(ana, 'Ben') === 0, { what: "Ana's mesh senders to Ben emptied", timeoutMs: 10_000 });
    expect(anaAtBen()?.viaSfu, 'Ben still sees Ana through the SFU').toBe(true);
  }, 90_000);
});
