import { mintTurnCredentials } from '@parley/server';
import { startCoturn, waitFor, type Coturn } from '@parley/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ParticipantRegistry } from '../../src/ParticipantRegistry.js';
import { PeerLink, type OutgoingSignal } from '../../src/PeerLink.js';
import type { RemoteParticipant } from '../../src/RemoteParticipant.js';
import { webrtc } from '../support/wrtc.js';

/**
 * Ada and Cyd talk through a real coturn only (relay policy), which goes away for longer than
 * three ICE restarts: the link is given up for a new one, which connects once the relay is back.
 * Real libwebrtc on both sides; each registry wires `rebuild-needed` as the Room does, and
 * signals go registry to registry.
 */
const ADA = 'aaaaaaaaaaaaaaaa';
const CYD = 'cccccccccccccccc';
const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));
let coturn: Coturn;
beforeAll(async () => {
  coturn = await startCoturn();
});
afterAll(async () => {
  await coturn?.close();
});

/** Short waits, so three fruitless restarts take a second instead of ten. */
const QUICK = { disconnectedGraceMs: 0, politeDelayMs: 0, retryDelayMs: () => 300, rebuildAfterRestarts: 3 };

function registry(self: string, deliverTo: () => ParticipantRegistry, rebuilt: string[]): ParticipantRegistry {
  const own: ParticipantRegistry = new ParticipantRegistry({
    link: (info, initiator) =>
      new PeerLink({
        selfId: self,
        remoteId: info.id,
        webrtc,
        initiator,
        localTracks: { audio: null, video: null },
        iceServers: [{ urls: coturn.urls.udp, ...mintTurnCredentials(coturn.secret, self, 600) }],
        iceTransportPolicy: 'relay',
        iceRestart: QUICK,
        // Delivered on a later task, in order, as a socket would.
        send: (signal: OutgoingSignal) => void setTimeout(() => deliverTo().deliver(self, signal), 1),
      }),
    added: (participant: RemoteParticipant) => {
      participant.link.on('rebuild-needed', () => {
        rebuilt.push(participant.id);
        own.rebuild(participant.id);
      });
    },
    removed: (participant: RemoteParticipant) => participant.link.close(),
    gap: () => undefined,
  });
  closers.push(() => own.dropAll());
  return own;
}

const chatOpen = (link: PeerLink | undefined): boolean => link?.dataChannels?.chat.readyState === 'open';

describe('a link that ICE restarts do not bring back', () => {
  it('is replaced by a new one that offers; the other side rebuilds theirs and the chat channel opens again once the relay is back', async () => {
    const adaRebuilt: string[] = [];
    const cydRebuilt: string[] = [];
    const ada: ParticipantRegistry = registry(ADA, () => cyd, adaRebuilt);
    const cyd: ParticipantRegistry = registry(CYD, () => ada, cydRebuilt);
    cyd.add({ id: ADA, name: 'Ada' }, false);
    ada.add({ id: CYD, name: 'Cyd' }, true);
    await waitFor(() => chatOpen(ada.get(CYD)?.link) && chatOpen(cyd.get(ADA)?.link), { what: 'the first link', timeoutMs: 15_000 });
    const adaFirst = ada.get(CYD)!.link;
    const cydFirst = cyd.get(ADA)!.link;

    // The relay goes: checks go unanswered, and restarts cannot allocate a new relay.
    await coturn.stop();
    await waitFor(() => adaRebuilt.length + cydRebuilt.length > 0, { what: 'a link asking to be rebuilt', timeoutMs: 30_000 });
    expect(adaFirst.closed || cydFirst.closed).toBe(true);

    // The relay is back. A rebuilt link offers; the other side sees an offer from another
    // connection and answers with a new link of its own (or, rebuilt too, settles the glare).
    await coturn.start();
    await waitFor(() => chatOpen(ada.get(CYD)?.link) && chatOpen(cyd.get(ADA)?.link), { what: 'the rebuilt link', timeoutMs: 15_000 });
    expect(ada.get(CYD)!.link).not.toBe(adaFirst);
    expect(cyd.get(ADA)!.link).not.toBe(cydFirst);
    const received = new Promise<string>((resolve) =>
      ada.get(CYD)!.link.dataChannels!.chat.addEventListener('message', (event) => resolve(String(event.data)), { once: true }),
    );
    cyd.get(ADA)!.link.dataChannels!.chat.send('back again');
    expect(await received).toBe('back again');
  }, 60_000);
});
