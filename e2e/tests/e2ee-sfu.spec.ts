import { randomRoomId } from '../support/browsers.js';
import { MEDIA_TIMEOUT } from '../support/call.js';
import { expect, test } from '../support/fixtures.js';
import { advancingVideosPerConnection, connectionSummary, startSfuParley } from '../support/janus.js';
import { expectAllVideosAdvancing, joinTogether, launchCrowd, openLobby } from '../support/meeting.js';

// Six browsers and Janus on two cores: small cameras and windows (see launchCrowd) and room to breathe.
test.describe.configure({ timeout: 300_000 });

let sfu: Awaited<ReturnType<typeof startSfuParley>>;
test.beforeAll(async () => {
  sfu = await startSfuParley();
});
test.afterAll(async () => {
  await sfu?.close();
});

test('six people in an end-to-end encrypted SFU room: everyone sees five advancing videos through Janus, every screen says encrypted and shows the same safety code', async ({
  people,
}) => {
  const url = sfu.parley.url;
  const room = randomRoomId('e2ee-sfu');
  const everyone = await launchCrowd(people, 'Ana', 'Ben', 'Cai', 'Dee', 'Eve', 'Fay');
  const [ana] = everyone;
  await openLobby(url, room, ana!);
  await ana!.page.getByTestId('join-button').click(); // first in: the room is hers, and encrypted
  await expect(ana!.page.getByTestId('leave-button')).toBeVisible({ timeout: 15_000 });
  await joinTogether(url, room, everyone.slice(1));

  for (const viewer of everyone) {
    // One connection (the SFU subscriber) decodes all five videos: they came through Janus, encrypted.
    await expect(async () => {
      const perConnection = await advancingVideosPerConnection(viewer.page);
      const where = `${viewer.name}: ${JSON.stringify(perConnection)} ${await connectionSummary(viewer.page)}`;
      expect(
        perConnection.filter((n) => n > 0),
        where,
      ).toEqual([5]);
    }).toPass({ timeout: 90_000, intervals: [500, 1_000] });
    await expectAllVideosAdvancing(viewer, 5);
  }

  for (const person of everyone) {
    await expect(person.page.getByTestId('e2ee-badge')).toHaveAttribute('data-state', 'on');
    await person.page.getByTestId('e2ee-badge').click();
    await expect(person.page.getByTestId('e2ee-code')).toHaveText(/^\d{5} \d{5} \d{5} \d{5}$/, { timeout: MEDIA_TIMEOUT });
  }
  await expect(async () => {
    const codes = await Promise.all(everyone.map(async (person) => (await person.page.getByTestId('e2ee-code').textContent()) ?? ''));
    expect(new Set(codes).size, `codes: ${JSON.stringify(codes)}`).toBe(1);
  }).toPass({ timeout: MEDIA_TIMEOUT });

  // Every frame to and from Janus passes the page's encrypting transform, and the video is VP8.
  for (const person of everyone) {
    const sfuSide = await person.page.evaluate(async () => {
      const pcs = ((window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []).filter((pc) => pc.connectionState !== 'closed');
      let untransformed = 0;
      let transformed = 0;
      const codecs = new Set<string>();
      for (const pc of pcs) {
        for (const transceiver of pc.getTransceivers()) {
          if (transceiver.currentDirection === 'stopped' || transceiver.currentDirection === null) continue;
          const sends = transceiver.currentDirection.startsWith('send') && transceiver.sender.track !== null;
          const receives = transceiver.currentDirection.endsWith('recv') || transceiver.currentDirection === 'sendrecv';
          for (const transform of [
            sends ? transceiver.sender.transform : undefined,
            receives ? transceiver.receiver.transform : undefined,
          ]) {
            if (transform === undefined) continue;
            if (transform instanceof RTCRtpScriptTransform) transformed += 1;
            else untransformed += 1;
          }
        }
        const stats = await pc.getStats();
        stats.forEach((stat: { type: string; kind?: string; codecId?: string; bytesReceived?: number }) => {
          if (stat.type !== 'inbound-rtp' || stat.kind !== 'video' || !stat.bytesReceived || !stat.codecId) return;
          const codec = stats.get(stat.codecId) as { mimeType?: string } | undefined;
          if (codec?.mimeType) codecs.add(codec.mimeType.toLowerCase());
        });
      }
      return { transformed, untransformed, codecs: [...codecs] };
    });
    const where = `${person.name}: ${JSON.stringify(sfuSide)}`;
    expect(sfuSide.untransformed, where).toBe(0);
    expect(sfuSide.transformed, where).toBeGreaterThanOrEqual(12); // own mic and camera, five people's audio and video
    expect(sfuSide.codecs, where).toEqual(['video/vp8']);
  }
});
