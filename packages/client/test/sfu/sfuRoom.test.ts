import { describe, expect, it } from 'vitest';
import { countFrames } from '../../../server/test/support/wrtcMedia.js';
import { waitFor } from '@parley/testkit';
import { type Room } from '../../src/Room.js';
import { sfuServerPerFile } from '../support/sfuServer.js';
import { videoAdvances } from '../support/videoAdvances.js';
import '../support/wrtc.js'; // waits for libwebrtc's native teardown at the end of the file

/**
 * SFU mode end to end in Node: real Parley server, real Janus on 127.0.0.1, five participants
 * with moving synthetic cameras (libwebrtc). The room starts mesh and moves to the SFU when the
 * fifth joins (PARLEY_MESH_MAX 4).
 */
const sfu = sfuServerPerFile();
const people = sfu.people.all;
const enter = sfu.enter;

/** Frames of this video track keep being decoded (counted over a moment). */
async function framesAdvance(track: MediaStreamTrack): Promise<void> {
  const counter = countFrames(track);
  try {
    await waitFor(() => counter.count >= 5, { what: 'frames to advance', timeoutMs: 20_000 });
  } finally {
    counter.stop();
  }
}

describe('a room moving from mesh to the SFU', () => {
  it('switches at the fifth person; everyone then receives four remote videos through one subscriber connection', async () => {
    const roomId = `sfu-${Date.now()}`;
    const rooms: Room[] = [];
    for (const name of ['Ana', 'Ben', 'Cai', 'Dee']) rooms.push(await enter(roomId, name));
    expect(rooms.map((room) => room.mode)).toEqual(['mesh', 'mesh', 'mesh', 'mesh']);
    // The mesh works first: Ana sees Dee's camera over the direct link.
    const deeAtAna = () => [...rooms[0]!.participants.values()].find((p) => p.name === 'Dee');
    await waitFor(() => (deeAtAna()?.stream.getVideoTracks().length ?? 0) > 0, { what: 'mesh video', timeoutMs: 20_000 });

    rooms.push(await enter(roomId, 'Eve'));
    await waitFor(() => rooms.every((room) => room.mode === 'sfu'), { what: 'every room in SFU mode', timeoutMs: 10_000 });

    // Make before break: each tile switches once its SFU media decodes.
    await waitFor(() => rooms.every((room) => room.participants.size === 4 && [...room.participants.values()].every((p) => p.viaSfu)), {
      what: 'every tile on SFU media',
      timeoutMs: 45_000,
    });
    for (const room of rooms) {
      for (const participant of room.participants.values()) {
        const [video] = participant.stream.getVideoTracks();
        expect(video, `${participant.name} at ${room.self?.name}`).toBeDefined();
        await framesAdvance(video!);
      }
      // Janus asked each publisher for Opus in-band FEC (RFC 7587 §6.1; the VideoRoom's opus_fec,
      // on by default): an SFU room's audio has loss protection too, though not RED as mesh links.
      const answer = room.sfuConnections!.publisher.remoteDescription?.sdp ?? '';
      const opus = /^a=rtpmap:(\d+) opus\/48000\/2/m.exec(answer)?.[1];
      const opusParameters = new RegExp(`^a=fmtp:${opus} (.*)$`, 'm').exec(answer)?.[1] ?? '';
      expect(opusParameters, `Janus's answer to ${room.self?.name}`).toMatch(/useinbandfec=1/);
      // ONE subscriber connection for all four: camera and screen slot of each.
      const subscriber = room.sfuConnections!.subscriber;
      const videoLines = subscriber.getTransceivers().filter((t) => t.receiver.track.kind === 'video' && t.mid !== null);
      expect(videoLines).toHaveLength(8);
    }

    // The mesh links stay (data channels) but no longer carry camera or mic once the other side switched.
    await waitFor(
      () =>
        rooms.every((room) =>
          [...room.participants.values()].every((p) => p.link.pc.getSenders().every((sender) => sender.track === null)),
        ),
      { what: 'mesh senders emptied', timeoutMs: 20_000 },
    );
    // Nobody saw anyone leave during the switch.
    expect(people.flatMap(({ left }) => left)).toEqual([]);

    // Chat still goes over the mesh data channels.
    const heard = new Promise<string>((resolve) => rooms[4]!.chat.on('message', (message: { text: string }) => resolve(message.text)));
    rooms[0]!.chat.send('still here');
    expect(await heard).toBe('still here');

    // Mute state still goes over signaling; a camera switch is a replaceTrack on the publisher.
    const ana = people[0]!;
    const anaAtEve = () => [...rooms[4]!.participants.values()].find((p) => p.name === 'Ana')!;
    ana.media.setMicEnabled(false);
    await waitFor(() => anaAtEve().media?.audio === false, { what: 'Ana shown muted at Eve', timeoutMs: 10_000 });
    ana.media.switchCamera();
    // The old camera is stopped: frames still advancing at Eve come from the new one, through the SFU.
    expect(anaAtEve().viaSfu).toBe(true);
    await framesAdvance(anaAtEve().stream.getVideoTracks()[0]!);

    // Someone leaves: Janus renegotiates the others' subscriber connection; the rest play on.
    await rooms[3]!.leave();
    await waitFor(() => rooms[0]!.participants.size === 3, { what: 'Dee gone at Ana', timeoutMs: 10_000 });
    // Janus keeps the m-lines and marks Dee's four (mic, camera, screen audio and video) inactive.
    const inactive = () => rooms[0]!.sfuConnections!.subscriber.remoteDescription?.sdp.match(/^a=inactive$/gm)?.length ?? 0;
    await waitFor(() => inactive() === 4, { what: 'Dee unsubscribed', timeoutMs: 20_000 });
    for (const participant of rooms[0]!.participants.values()) await framesAdvance(participant.stream.getVideoTracks()[0]!);
    // Eve's signaling connection drops for a moment (the transport closes; socket.io recovers
    // the same session): her SFU session follows her to the recovered connection, so both of
    // her connections to Janus stay, and media never stopped either way.
    const eve = rooms[4]!;
    const states: string[] = [];
    const eveAtAna = () => [...rooms[0]!.participants.values()].find((p) => p.name === 'Eve')!;
    const before = eve.sfuConnections!;
    eve.on('signaling-state', (state: string) => states.push(state));
    for (const socket of sfu.server.io.of('/').sockets.values()) if (socket.data.participantId === eve.self!.id) socket.conn.close();
    await waitFor(() => states.at(-1) === 'connected' && states.length > 1, { what: 'Eve reconnected', timeoutMs: 20_000 });
    expect(eve.sfuConnections?.publisher, 'the same publisher connection').toBe(before.publisher);
    expect(eve.sfuConnections?.subscriber, 'the same subscriber connection').toBe(before.subscriber);
    expect([before.publisher.connectionState, before.subscriber.connectionState]).toEqual(['connected', 'connected']);
    await videoAdvances(eveAtAna(), "Eve's video at Ana");
    for (const participant of eve.participants.values()) await videoAdvances(participant, `${participant.name}'s video at Eve`);

    // A newcomer to a room already on the SFU: snapshot says sfu, everyone reaches it through
    // Janus, Eve too (the offer to receive Fay comes over her recovered connection).
    const fay = await enter(roomId, 'Fay');
    expect(fay.mode).toBe('sfu');
    await waitFor(() => fay.participants.size === 4 && [...fay.participants.values()].every((p) => p.viaSfu), {
      what: 'Fay on SFU media',
      timeoutMs: 30_000,
    });
    for (const participant of fay.participants.values()) await framesAdvance(participant.stream.getVideoTracks()[0]!);
    const fayAtEve = () => [...eve.participants.values()].find((p) => p.name === 'Fay');
    await waitFor(() => fayAtEve()?.viaSfu === true, { what: 'Fay on SFU media at Eve', timeoutMs: 30_000 });
    await videoAdvances(fayAtEve()!, "Fay's video at Eve");
    expect(eve.sfuConnections?.subscriber, 'still the same subscriber connection').toBe(before.subscriber);
    // Nobody but Dee was ever seen leaving (Dee's own Room drops everyone as it leaves).
    expect(people.filter(({ room }) => room !== rooms[3]).map(({ left }) => left)).toEqual([['Dee'], ['Dee'], ['Dee'], ['Dee'], []]);
  }, 120_000);
});
