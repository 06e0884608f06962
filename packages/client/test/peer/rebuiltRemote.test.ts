import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@parley/testkit';
import { ParticipantRegistry } from '../../src/ParticipantRegistry.js';
import { PeerLink, type OutgoingSignal } from '../../src/PeerLink.js';
import type { RemoteParticipant } from '../../src/RemoteParticipant.js';
import { webrtc } from '../support/wrtc.js';

/**
 * Cyd resumed her session while Ada took her as gone and back: Ada's side of their link is a new
 * RTCPeerConnection, Cyd's is the old one. Real libwebrtc on both sides; signals go through Cyd's
 * participant registry as the Room's `signal` handler sends them.
 */
const ADA = 'aaaaaaaaaaaaaaaa';
const CYD = 'cccccccccccccccc';
const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

/** Delivers on a later task, in order, as a socket would. */
const later = (deliver: () => void): void => void setTimeout(deliver, 1);

describe('a remote person who rebuilt their side of the link', () => {
  it('is answered by a fresh link: the old one cannot take an offer from another connection', async () => {
    let ada: PeerLink | null = null;
    const removed: string[] = [];
    const cyd = new ParticipantRegistry({
      link: (info, initiator) =>
        new PeerLink({
          selfId: CYD,
          remoteId: info.id,
          webrtc,
          initiator,
          localTracks: { audio: null, video: null },
          send: (signal: OutgoingSignal) => later(() => void ada?.handleSignal(signal)),
        }),
      added: () => undefined,
      removed: (participant: RemoteParticipant) => {
        removed.push(participant.id);
        participant.link.close();
      },
      gap: () => undefined,
    });
    closers.push(() => cyd.dropAll());
    const adaLink = (): PeerLink => {
      const link = new PeerLink({
        selfId: ADA,
        remoteId: CYD,
        webrtc,
        initiator: true,
        localTracks: { audio: null, video: null },
        send: (signal: OutgoingSignal) => later(() => cyd.deliver(ADA, signal)),
      });
      closers.push(() => link.close());
      return link;
    };
    const chatOpen = (link: PeerLink | undefined) => link?.dataChannels?.chat.readyState === 'open';

    // Cyd learns of Ada (already in the room when Cyd came); Ada's link offers.
    cyd.add({ id: ADA, name: 'Ada' }, false);
    ada = adaLink();
    await waitFor(() => chatOpen(ada!) && chatOpen(cyd.get(ADA)?.link), { what: 'the first link', timeoutMs: 15_000 });
    const first = cyd.get(ADA)!.link;

    // Ada rebuilds: her old connection closes, a new one offers to Cyd.
    ada.close();
    ada = adaLink();
    await waitFor(() => chatOpen(ada) && chatOpen(cyd.get(ADA)?.link), { what: 'the rebuilt link', timeoutMs: 15_000 });
    expect(cyd.get(ADA)!.link).not.toBe(first);
    expect(first.closed).toBe(true);
    expect(removed).toEqual([ADA]);

    // Messages cross the new link both ways.
    const received = new Promise<string>((resolve) =>
      ada.dataChannels!.chat.addEventListener('message', (event) => resolve(String(event.data)), { once: true }),
    );
    cyd.get(ADA)!.link.dataChannels!.chat.send('hello again');
    expect(await received).toBe('hello again');
  }, 40_000);
});
