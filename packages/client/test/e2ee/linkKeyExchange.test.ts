import { describe, expect, it } from 'vitest';
import { E2eeIdentity } from '../../src/e2ee/identity.js';
import { LinkKeyExchange, type KeyChannel, type LinkFingerprints } from '../../src/e2ee/LinkKeyExchange.js';
import type { SendingKey } from '../../src/e2ee/E2eeKeyring.js';
import { toBase64 } from '../../src/e2ee/base64.js';

/** One end of an in-memory channel: what it sends arrives at the other end's listeners. */
class MemoryChannel implements KeyChannel {
  readonly readyState = 'open';
  other: MemoryChannel | null = null;
  readonly listeners = new Set<(event: MessageEvent) => void>();
  /** What passes through, as a middle would see it; a middle may rewrite it. */
  tap: (text: string) => string = (text) => text;
  send(text: string): void {
    const delivered = this.tap(text);
    for (const listener of this.other!.listeners) listener({ data: delivered } as MessageEvent);
  }
  addEventListener(_: 'message', listener: (event: MessageEvent) => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_: 'message', listener: (event: MessageEvent) => void): void {
    this.listeners.delete(listener);
  }
}

function channelPair(): [MemoryChannel, MemoryChannel] {
  const a = new MemoryChannel();
  const b = new MemoryChannel();
  a.other = b;
  b.other = a;
  return [a, b];
}

/** What one side heard. */
function heard() {
  const identities: Uint8Array[] = [];
  const keys: SendingKey[] = [];
  const refused: string[] = [];
  return {
    identities,
    keys,
    refused,
    events: {
      identity: (k: Uint8Array) => identities.push(k),
      key: (k: SendingKey) => keys.push(k),
      refused: (r: string) => refused.push(r),
    },
  };
}

const key = (keyId: bigint): SendingKey => ({ keyId, baseKey: crypto.getRandomValues(new Uint8Array(32)) });
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
const ADA: LinkFingerprints = { local: 'sha-256 AA', remote: 'sha-256 BB' };
const BOB: LinkFingerprints = { local: 'sha-256 BB', remote: 'sha-256 AA' };

describe('key exchange on a link', () => {
  it('proves each identity on the link, then hands over each sending key and each new one', async () => {
    const [adaChannel, bobChannel] = channelPair();
    const [adaId, bobId] = await Promise.all([E2eeIdentity.create(), E2eeIdentity.create()]);
    const atAda = heard();
    const atBob = heard();
    const ada = new LinkKeyExchange(adaChannel, adaId, () => ADA, atAda.events);
    const bob = new LinkKeyExchange(bobChannel, bobId, () => BOB, atBob.events);
    await Promise.all([ada.start(key(7n)), bob.start(key(9n))]);
    await settle();
    expect(atBob.identities).toEqual([adaId.publicKey]);
    expect(atAda.identities).toEqual([bobId.publicKey]);
    expect(atBob.keys.map((k) => k.keyId)).toEqual([7n]);
    ada.sendKey(key(8n));
    await settle();
    expect(atBob.keys.map((k) => k.keyId)).toEqual([7n, 8n]);
    expect([...atAda.refused, ...atBob.refused]).toEqual([]);
  });

  it('refuses an identity a middle relays between two DTLS links of its own: neither side hands over its key, and a key made up after it is refused', async () => {
    const [adaChannel, bobChannel] = channelPair();
    const atAda = heard();
    const atBob = heard();
    // The middle gave each side its own certificate: Ada sees MM, Bob sees NN as the other end.
    const ada = new LinkKeyExchange(
      adaChannel,
      await E2eeIdentity.create(),
      () => ({ local: 'sha-256 AA', remote: 'sha-256 MM' }),
      atAda.events,
    );
    const bob = new LinkKeyExchange(
      bobChannel,
      await E2eeIdentity.create(),
      () => ({ local: 'sha-256 BB', remote: 'sha-256 NN' }),
      atBob.events,
    );
    const sent: string[] = [];
    adaChannel.tap = bobChannel.tap = (text) => (sent.push(text), text);
    await Promise.all([ada.start(key(7n)), bob.start(key(9n))]);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // each side tries its check a few times first
    expect([...atAda.identities, ...atBob.identities]).toEqual([]);
    expect(
      sent.map((text) => (JSON.parse(text) as { t: string }).t),
      'only identities crossed the link',
    ).toEqual(['identity', 'identity']);
    adaChannel.send(JSON.stringify({ t: 'key', keyId: '7', baseKey: toBase64(new Uint8Array(32)) }));
    await settle();
    expect(atBob.keys).toEqual([]);
    expect(atBob.refused).toEqual([
      expect.stringMatching(/^an identity not bound to this link/),
      'a key on a link whose identity was refused',
    ]);
  });

  it('gives its key only once the other side proved an identity: software that takes no part gets none', async () => {
    const [adaChannel, bobChannel] = channelPair();
    const got: string[] = [];
    bobChannel.addEventListener('message', (event) => got.push((JSON.parse(event.data as string) as { t: string }).t));
    const atBob = heard();
    // Bob's side listens, but proves nothing yet (software without encryption never does).
    const bob = new LinkKeyExchange(bobChannel, await E2eeIdentity.create(), () => BOB, atBob.events);
    const ada = new LinkKeyExchange(adaChannel, await E2eeIdentity.create(), () => ADA, heard().events);
    await ada.start(key(7n));
    ada.sendKey(key(8n)); // a rotation meanwhile
    await settle();
    expect(got).toEqual(['identity']);
    // Bob proves his identity late: he gets the latest key only.
    await bob.start(key(9n));
    await settle();
    expect(atBob.keys.map((k) => k.keyId)).toEqual([8n]);
  });

  it('sends our identity before any key, and of the keys given while it was on its way only the latest', async () => {
    const [adaChannel, bobChannel] = channelPair();
    const got: string[] = [];
    bobChannel.addEventListener('message', (event) => got.push((JSON.parse(event.data as string) as { t: string }).t));
    const atBob = heard();
    const bob = new LinkKeyExchange(bobChannel, await E2eeIdentity.create(), () => BOB, atBob.events);
    // Ada's link has no fingerprints for a moment (a description being applied): her identity waits.
    let described = false;
    const ada = new LinkKeyExchange(adaChannel, await E2eeIdentity.create(), () => (described ? ADA : null), heard().events);
    await bob.start(key(9n));
    const started = ada.start();
    ada.sendKey(key(7n));
    ada.sendKey(key(8n)); // two rotations meanwhile
    await settle();
    expect(got).toEqual([]);
    described = true;
    await started;
    await settle();
    expect(got).toEqual(['identity', 'key']);
    expect(atBob.keys.map((k) => k.keyId)).toEqual([8n]);
    expect(atBob.refused).toEqual([]);
  });

  it('refuses a key before any identity, a second identity and anything after it, and malformed messages', async () => {
    const [adaChannel, bobChannel] = channelPair();
    const atBob = heard();
    const bob = new LinkKeyExchange(bobChannel, await E2eeIdentity.create(), () => BOB, atBob.events);
    adaChannel.send(JSON.stringify({ t: 'key', keyId: '7', baseKey: toBase64(new Uint8Array(32)) }));
    const adaId = await E2eeIdentity.create();
    const ada = new LinkKeyExchange(adaChannel, adaId, () => ADA, heard().events);
    await ada.start(key(8n));
    await bob.start(key(5n)); // Ada now has Bob's identity, and sends key 8
    await settle();
    const eve = await E2eeIdentity.create();
    const eveOnAdasLink = new LinkKeyExchange(adaChannel, eve, () => ADA, heard().events);
    await eveOnAdasLink.start(key(9n));
    adaChannel.send(JSON.stringify({ t: 'key', keyId: '10', baseKey: toBase64(new Uint8Array(32)) }));
    for (const bad of [
      '{',
      JSON.stringify({ t: 'key', keyId: '-1', baseKey: '' }),
      JSON.stringify({ t: 'key', keyId: '99999999999', baseKey: toBase64(new Uint8Array(32)) }),
      'x'.repeat(70_000),
    ]) {
      adaChannel.send(bad);
    }
    await settle();
    expect(atBob.identities).toEqual([adaId.publicKey]);
    expect(atBob.keys.map((k) => k.keyId)).toEqual([8n]);
    expect(atBob.refused).toEqual([
      'a key before a proved identity',
      'a second identity on one link',
      'a key on a link whose identity was refused',
      'a malformed key exchange message',
      'a malformed key exchange message',
      'a malformed key exchange message',
      'a malformed key exchange message',
    ]);
  });
});
