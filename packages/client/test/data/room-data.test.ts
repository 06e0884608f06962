import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { Room } from '../../src/Room.js';
import { waitFor } from '@parley/testkit';
import { randomBytes, sha } from './support.js';
import { closeDelivered } from '../../src/data/channels.js';
import { linkedPair, webrtc } from '../support/wrtc.js';

let server: ParleyServer;
const rooms: Room[] = [];
beforeAll(async () => {
  server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', maxParticipants: 6 }));
  await server.listen();
});
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((room) => room.leave()));
});
afterAll(async () => {
  await server.close();
});

function person(roomId: string, name: string): Room {
  const room = new Room({ serverUrl: server.url(), roomId, name, webrtc });
  rooms.push(room);
  return room;
}
const channelsOpen = (room: Room, n: number) =>
  [...room.participants.values()].filter(
    (p) => p.link.dataChannels?.chat.readyState === 'open' && p.link.dataChannels.files.readyState === 'open',
  ).length === n;

describe('chat and files through Room (SDK in Node, real server, real data channels)', () => {
  it('chats with the sender taken from the link, and gives a late joiner the history once', async () => {
    const roomId = `chat-${Date.now()}`;
    const ada = person(roomId, 'Ada');
    const bob = person(roomId, 'Bob');
    await ada.join();
    await bob.join();
    await waitFor(() => channelsOpen(ada, 1) && channelsOpen(bob, 1), { what: 'channels', timeoutMs: 10_000 });
    ada.chat.send('one');
    ada.chat.send('two');
    await waitFor(() => bob.chat.messages.length === 2, { what: 'Ada’s messages', timeoutMs: 5_000 });
    bob.chat.send('three');
    await waitFor(() => ada.chat.messages.length === 3 && bob.chat.messages.length === 3, { what: 'messages', timeoutMs: 5_000 });
    expect(bob.chat.messages.map((m) => [m.name, m.text, m.mine])).toEqual([
      ['Ada', 'one', false],
      ['Ada', 'two', false],
      ['Bob', 'three', true],
    ]);

    // A payload that claims another sender is refused (strict schema); the link decides who spoke.
    const bobLinkOnAda = [...ada.participants.values()][0]!.link.dataChannels!.chat;
    bobLinkOnAda.send(JSON.stringify({ t: 'msg', seq: 99, text: 'spoof', ts: 0, from: bob.self!.id }));
    bobLinkOnAda.send('{"t":"msg","seq":1,"text":"dup of Ada #1","ts":0}'); // same id as Ada's first: dropped
    bobLinkOnAda.send('not json');

    const cyd = person(roomId, 'Cyd');
    await cyd.join();
    await waitFor(() => cyd.chat.messages.length === 3, { what: 'history', timeoutMs: 10_000 });
    expect(cyd.chat.messages.map((m) => `${m.name}:${m.text}`)).toEqual(['Ada:one', 'Ada:two', 'Bob:three']);
    expect(cyd.chat.messages.every((m) => m.fromHistory)).toBe(true);
    await waitFor(() => channelsOpen(cyd, 2) && channelsOpen(ada, 2) && channelsOpen(bob, 2), {
      what: 'channels to Cyd',
      timeoutMs: 10_000,
    });
    cyd.chat.send('four');
    await waitFor(() => ada.chat.messages.length === 4 && bob.chat.messages.length === 4, { what: 'Cyd speaks', timeoutMs: 5_000 });
    expect(bob.chat.messages.map((m) => m.text)).toEqual(['one', 'two', 'three', 'four']);
    expect(cyd.chat.messages.filter((m) => m.text === 'four')).toHaveLength(1);
  });

  it('offers a file to one person only, and leaving the room ends its transfers', async () => {
    const roomId = `files-${Date.now()}`;
    const ada = person(roomId, 'Ada');
    const bob = person(roomId, 'Bob');
    const cyd = person(roomId, 'Cyd');
    await ada.join();
    await bob.join();
    await cyd.join();
    await waitFor(() => channelsOpen(ada, 2) && channelsOpen(bob, 2) && channelsOpen(cyd, 2), { what: 'channels', timeoutMs: 10_000 });

    const bytes = randomBytes(512 * 1024, 5);
    const [toBob] = ada.files.offer([new File([bytes], 'only-bob.bin')], [bob.self!.id]);
    await waitFor(() => bob.files.transfers.length === 1, { what: 'offer to Bob', timeoutMs: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(cyd.files.transfers).toHaveLength(0);
    await bob.files.accept(bob.files.transfers[0]!.id);
    await waitFor(() => toBob!.state === 'done', { what: 'delivered', timeoutMs: 10_000 });
    expect(sha(new Uint8Array(await bob.files.transfers[0]!.file!.arrayBuffer()))).toBe(sha(bytes));

    // To everyone: one transfer per person. Then Ada leaves before anyone accepts.
    const everyone = ada.files.offer([new File([bytes], 'all.bin')]);
    expect(everyone.map((t) => t.peerName).sort()).toEqual(['Bob', 'Cyd']);
    // One file to two people is one group (a view shows one card); each offer is a group of its own.
    expect(new Set(everyone.map((t) => t.group)).size).toBe(1);
    expect(everyone[0]!.group).not.toBe(toBob!.group);
    await waitFor(() => cyd.files.transfers.length === 1 && bob.files.transfers.length === 2, { what: 'offers', timeoutMs: 5_000 });
    await ada.leave();
    expect(everyone.map((t) => t.state)).toEqual(['cancelled', 'cancelled']);
    await waitFor(() => cyd.files.transfers[0]!.final, { what: 'Cyd sees the offer end', timeoutMs: 5_000 });
    expect(cyd.files.transfers[0]).toMatchObject({ state: 'cancelled', problem: 'peer-gone' });
  });

  it('leaving with drainMs lets the last data-channel messages arrive first: a decline sent just before leaving is a decline, not "left"', async () => {
    const roomId = `drain-${Date.now()}`;
    const ada = person(roomId, 'Ada');
    const bob = person(roomId, 'Bob');
    await ada.join();
    await bob.join();
    await waitFor(() => channelsOpen(ada, 1) && channelsOpen(bob, 1), { what: 'channels', timeoutMs: 10_000 });
    const [offer] = bob.files.offer([new File([randomBytes(1024, 7)], 'unwanted.bin')]);
    await waitFor(() => ada.files.transfers.length === 1, { what: 'offer to Ada', timeoutMs: 5_000 });
    ada.files.decline(ada.files.transfers[0]!.id);
    await ada.leave({ drainMs: 5_000 });
    await waitFor(() => offer!.final, { what: 'Bob learns the outcome', timeoutMs: 5_000 });
    expect(offer!.state).toBe('declined');
  });
});

describe('closeDelivered (the drain a leave waits for)', () => {
  it('resolves once the peer has the last messages sent, so closing the connection then loses none', async () => {
    const pair = linkedPair({});
    try {
      await waitFor(() => pair.a.dataChannels?.chat.readyState === 'open' && pair.b.dataChannels?.chat.readyState === 'open', {
        what: 'chat channels open',
        timeoutMs: 8_000,
      });
      const received: string[] = [];
      const remote = pair.b.dataChannels!.chat;
      remote.addEventListener('message', (event: MessageEvent) => received.push(String(event.data)));
      // The peer's events reach its script in order: messages first, then the close that the reset brought.
      const remoteClosed = new Promise<void>((resolve) => remote.addEventListener('close', () => resolve()));
      const sent = Array.from({ length: 12 }, (_, i) => `last words ${i}`);
      for (const text of sent) pair.a.dataChannels!.chat.send(text);
      const started = Date.now();
      await closeDelivered(pair.a.dataChannels!.chat, 10_000);
      expect(pair.a.dataChannels!.chat.readyState).toBe('closed');
      expect(Date.now() - started, 'closed by the peer, not by the timeout').toBeLessThan(10_000);
      // Both ends live in this one process, so closing the pair would also drop what the peer's script has
      // not yet been handed; in a call the peer's connection stays up and its script reads on.
      await remoteClosed;
      pair.close(); // what leaving does next: the peer connections close
      expect(received).toEqual(sent);
    } finally {
      pair.close();
    }
  });
});
