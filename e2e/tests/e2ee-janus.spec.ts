import { writeFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { randomRoomId, type Participant } from '../support/browsers.js';
import { MEDIA_TIMEOUT } from '../support/call.js';
import { expect, test } from '../support/fixtures.js';
import { advancingVideosPerConnection, connectionSummary, startSfuParley } from '../support/janus.js';
import { launchCrowd } from '../support/meeting.js';
import { RtpSink, VideoRoomObserver } from '../support/rtpForward.js';
import {
  averagePictureOf,
  decodeVp8InPage,
  depacketizeVp8,
  largestStream,
  meanColour,
  pictureDifference,
  type DecodeResult,
} from '../support/vp8Frames.js';

/**
 * Proof that Janus cannot read the media. Someone with access to the Janus host (its API port is
 * enough: Parley's VideoRooms have no secret) copies a participant's camera stream out of the
 * VideoRoom with an RTP forward, depacketizes the VP8 and decodes it in a browser. With end-to-end
 * encryption on, what comes out is not the picture that was sent; once the host turns encryption
 * off, the very same steps give back the sender's picture. The second half is what makes the
 * first mean something: the copy, the depacketizer, the decoder and the comparison all work.
 */

// Three browsers (meshMax may not go below 2: the third person moves the room to the SFU), Janus,
// and two forwards decoded in a page, on two shared cores.
test.describe.configure({ timeout: 180_000 });

/** How long each copy of the stream is taken: Janus asks for a key frame every 2 s (fir_freq), decoding starts at one. */
const COPY_MS = 6_000;
/** At least this many frames decoded for a copy to count as readable. */
const FRAMES_NEEDED = 10;
/**
 * Mean absolute difference (per colour channel, 0–255) of the 32×18 averages under which the copy
 * shows the sender's picture. Measured: with encryption off, every forwarded frame decodes and the
 * copy is 2.1–2.3 from Ada's self-view; with it on, no delta frame decodes and the odd key frame
 * that does comes out an even grey, 86–92 away.
 */
const SAME_PICTURE = 20;

let sfu: Awaited<ReturnType<typeof startSfuParley>>;
test.beforeAll(async () => {
  // The smallest mesh the configuration allows: a room of three is on the SFU.
  sfu = await startSfuParley({ meshMax: 2 });
});
test.afterAll(async () => {
  await sfu?.close();
});

interface CopyMeasure {
  /** RTP packets the forward brought, per SSRC (payload bytes). */
  packets: number;
  bytesBySsrc: Record<string, number>;
  /** Complete frames of the largest layer from its first key frame on, and their key frames' sizes. */
  frames: number;
  keyFrameSizes: string[];
  decode: DecodeResult;
  /** The sender's self-view over the same window. */
  senderSamples: number;
  senderColour: [number, number, number] | null;
  copyColour: [number, number, number] | null;
  difference: number | null;
  readable: boolean;
}

/**
 * One copy as the attacker takes it: finds the room's publisher whose display is `display` and its
 * camera stream (joining as a publisher that never publishes: Janus lists everyone's streams to
 * it), forwards that stream to a UDP socket of the test for COPY_MS while the sender's self-view is
 * sampled, stops the forward, and decodes what came in.
 */
async function copyCamera(
  observer: VideoRoomObserver,
  room: number,
  display: string,
  senderVideo: Locator,
  decoderPage: Page,
): Promise<CopyMeasure> {
  const publisher = (await observer.publishers(room)).find((candidate) => candidate.display === display);
  expect(publisher, `publisher ${display} in VideoRoom ${room}`).toBeDefined();
  const video = publisher!.streams.filter((stream) => stream.type === 'video');
  const camera = video.find((stream) => stream.description === 'camera') ?? video[0];
  expect(camera, `a video stream of ${display}: ${JSON.stringify(publisher!.streams)}`).toBeDefined();
  expect(camera!.codec, 'the camera is VP8').toBe('vp8');

  const sink = await RtpSink.open();
  const forwarders: number[] = [];
  let shown: Awaited<ReturnType<typeof averagePictureOf>>;
  try {
    sink.collecting = true;
    forwarders.push(...(await observer.forward(room, publisher!.id, camera!.mid, sink.port)));
    expect(forwarders.length, 'forwarders made').toBeGreaterThan(0);
    shown = await averagePictureOf(senderVideo, COPY_MS);
    sink.collecting = false;
  } finally {
    sink.collecting = false;
    for (const id of forwarders) await observer.stopForward(room, publisher!.id, id);
    sink.close();
  }
  const { ssrc, bytesBySsrc } = largestStream(sink.packets);
  const frames = depacketizeVp8(sink.packets.filter((packet) => packet.ssrc === ssrc));
  const decode = await decodeVp8InPage(decoderPage, frames);
  const difference = pictureDifference(decode.picture, shown.picture);
  return {
    packets: sink.packets.length,
    bytesBySsrc,
    frames: frames.length,
    keyFrameSizes: [...new Set(frames.filter((frame) => frame.key).map((frame) => `${frame.width}x${frame.height}`))],
    decode: { ...decode, picture: null }, // the numbers, not the pixels, for the report
    senderSamples: shown.samples,
    senderColour: meanColour(shown.picture),
    copyColour: meanColour(decode.picture),
    difference,
    readable: decode.decoded >= FRAMES_NEEDED && difference !== null && difference < SAME_PICTURE,
  };
}

/** Every viewer decodes both others' videos on one connection: the room is on the SFU. */
async function expectOnSfu(viewers: Participant[]): Promise<void> {
  for (const viewer of viewers) {
    await expect(async () => {
      const perConnection = await advancingVideosPerConnection(viewer.page);
      const where = `${viewer.name}: ${JSON.stringify(perConnection)} ${await connectionSummary(viewer.page)}`;
      expect(
        perConnection.filter((n) => n > 0),
        where,
      ).toEqual([2]);
    }).toPass({ timeout: 60_000, intervals: [500, 1_000] });
  }
}

async function report(name: string, measure: CopyMeasure): Promise<void> {
  test.info().annotations.push({
    type: name,
    description: `${measure.frames} frames forwarded (key frames ${measure.keyFrameSizes.join(', ') || 'none'}), ${measure.decode.decoded} decoded, ${measure.decode.errorCount} decoder errors, picture difference ${measure.difference === null ? 'n/a' : measure.difference.toFixed(1)} (readable under ${SAME_PICTURE} with ≥ ${FRAMES_NEEDED} frames)`,
  });
  const path = test.info().outputPath(`${name.replace(/\W+/g, '-')}.json`);
  await writeFile(path, JSON.stringify(measure, null, 2));
  await test.info().attach(name, { path, contentType: 'application/json' });
}

test.describe('end-to-end encryption against the SFU', () => {
  test('a copy of the video taken on Janus (RTP forward) does not decode to the picture sent while E2EE is on, and does once the host turns it off', async ({
    people,
  }) => {
    const url = sfu.parley.url;
    const roomId = randomRoomId('e2ee-janus');
    const [ada, bob, cyd] = await launchCrowd(people, 'Ada', 'Bob', 'Cyd');
    const everyone = [ada!, bob!, cyd!];
    // WebCodecs needs a secure context: a page of Parley's own origin (127.0.0.1), in a context of
    // its own in Cyd's browser, opened before the call while the machine is quieter.
    const decoderContext = await cyd!.browser.newContext();
    const observer = await VideoRoomObserver.open(sfu.janus.url);
    try {
      const decoderPage = await decoderContext.newPage();
      await decoderPage.goto(new URL('/healthz', url).toString(), { timeout: 30_000 });
      expect(await decoderPage.evaluate(() => window.isSecureContext && typeof VideoDecoder === 'function')).toBe(true);

      // One after the other, Ada first (the host); Cyd, the third, moves the room to the SFU.
      for (const person of everyone) await person.join(url, roomId);
      await expectOnSfu(everyone);
      for (const person of everyone) {
        await expect(person.page.getByTestId('e2ee-badge'), person.name).toHaveAttribute('data-state', 'on', { timeout: MEDIA_TIMEOUT });
      }

      // Ada's id is the display of her feed in the VideoRoom (never her name).
      const adaId = await bob!.tileOf('Ada').getAttribute('data-participant-id');
      expect(adaId).toBeTruthy();
      const adaSelfView = ada!.page.getByTestId('local-video').first();

      // The attacker finds Parley's VideoRoom and Ada's feed in it.
      let janusRoom = 0;
      await expect(async () => {
        for (const { room } of await observer.rooms()) {
          if ((await observer.participants(room)).some((participant) => participant.display === adaId && participant.publisher))
            janusRoom = room;
        }
        expect(janusRoom, 'the VideoRoom with Ada publishing').toBeGreaterThan(0);
      }).toPass({ timeout: 20_000 });

      // E2EE on. A copy worth judging first: frames came, from a key frame on (a busy machine may
      // starve the sender for a few seconds: take another copy then, never a laxer judgement).
      let encrypted: CopyMeasure | null = null;
      for (let attempt = 0; attempt < 4 && (!encrypted || encrypted.frames < FRAMES_NEEDED); attempt += 1) {
        encrypted = await copyCamera(observer, janusRoom, adaId!, adaSelfView, decoderPage);
      }
      await report('e2ee on', encrypted!);
      const onWhere = JSON.stringify(encrypted);
      expect(encrypted!.decode.supported, onWhere).toBe(true);
      expect(encrypted!.frames, `frames forwarded with E2EE on: ${onWhere}`).toBeGreaterThanOrEqual(FRAMES_NEEDED);
      // The key frame header stays in clear (10 bytes): Janus sees a key frame and its size, not what it shows.
      expect(encrypted!.keyFrameSizes.length, onWhere).toBeGreaterThan(0);
      expect(encrypted!.readable, `the copy taken on Janus shows Ada's picture with E2EE on: ${onWhere}`).toBe(false);

      // The host turns encryption off: everyone's badge says so, and the videos still move through the SFU.
      const toggle = ada!.page.getByTestId('e2ee-toggle');
      if (!(await toggle.isVisible())) await ada!.page.getByTestId('participants-toggle').click();
      await toggle.uncheck();
      for (const person of everyone) {
        await expect(person.page.getByTestId('e2ee-badge'), person.name).toHaveAttribute('data-state', 'off', { timeout: MEDIA_TIMEOUT });
      }
      await expectOnSfu(everyone);

      // The same steps now give Ada's picture back.
      let clear: CopyMeasure | null = null;
      try {
        await expect(async () => {
          clear = await copyCamera(observer, janusRoom, adaId!, adaSelfView, decoderPage);
          expect(clear.readable, `the copy taken on Janus with E2EE off: ${JSON.stringify(clear)}`).toBe(true);
        }).toPass({ timeout: 60_000, intervals: [1_000] });
      } finally {
        if (clear) await report('e2ee off', clear);
      }
    } finally {
      await observer.close();
      await decoderContext.close().catch(() => undefined);
    }
  });
});
