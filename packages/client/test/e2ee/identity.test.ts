import { describe, expect, it } from 'vitest';
import { E2eeIdentity, verifyLinkBinding } from '../../src/e2ee/identity.js';
import { safetyCode } from '../../src/e2ee/safetyCode.js';

const ADA_FP = 'sha-256 AA:01';
const BOB_FP = 'sha-256 BB:02';
const MIDDLE_FP = 'sha-256 EE:03';

describe('E2EE identity', () => {
  it('binds an identity to a link as both ends see it', async () => {
    const ada = await E2eeIdentity.create();
    expect(ada.publicKey.length).toBe(65);
    const signature = await ada.bindLink(ADA_FP, BOB_FP);
    // Bob sees Ada's fingerprint as the remote one, his own as local.
    expect(await verifyLinkBinding(ada.publicKey, signature, ADA_FP, BOB_FP)).toBe(true);
  });

  it('refuses an identity relayed by a middle that terminates DTLS on each side', async () => {
    const ada = await E2eeIdentity.create();
    // Ada's link goes to the middle: she signs over her fingerprint and the middle's.
    const signature = await ada.bindLink(ADA_FP, MIDDLE_FP);
    // Bob's link also goes to the middle; passed on unchanged, the binding does not hold.
    expect(await verifyLinkBinding(ada.publicKey, signature, MIDDLE_FP, BOB_FP)).toBe(false);
  });

  it('refuses another key, swapped fingerprints and a key that is no P-256 point', async () => {
    const ada = await E2eeIdentity.create();
    const eve = await E2eeIdentity.create();
    const signature = await ada.bindLink(ADA_FP, BOB_FP);
    expect(await verifyLinkBinding(eve.publicKey, signature, ADA_FP, BOB_FP)).toBe(false);
    expect(await verifyLinkBinding(ada.publicKey, signature, BOB_FP, ADA_FP)).toBe(false);
    expect(await verifyLinkBinding(new Uint8Array(65), signature, ADA_FP, BOB_FP)).toBe(false);
  });
});

describe('safety code', () => {
  it('is the same for everyone holding the same identities, in any order, and 4 groups of 5 digits', async () => {
    const [a, b, c] = await Promise.all([E2eeIdentity.create(), E2eeIdentity.create(), E2eeIdentity.create()]);
    const seenByAda = await safetyCode([a.publicKey, b.publicKey, c.publicKey]);
    const seenByCarl = await safetyCode([c.publicKey, a.publicKey, b.publicKey]);
    expect(seenByAda).toBe(seenByCarl);
    expect(seenByAda).toMatch(/^\d{5} \d{5} \d{5} \d{5}$/);
  });

  it('changes when someone joins or leaves, and differs where a middle replaced an identity', async () => {
    const [a, b, c, middle] = await Promise.all([1, 2, 3, 4].map(() => E2eeIdentity.create()));
    const two = await safetyCode([a!.publicKey, b!.publicKey]);
    const three = await safetyCode([a!.publicKey, b!.publicKey, c!.publicKey]);
    expect(three).not.toBe(two);
    expect(await safetyCode([a!.publicKey, middle!.publicKey])).not.toBe(two);
  });
});
