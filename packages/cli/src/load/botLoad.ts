import { isParleyError, Room } from '@parley/client';
import { summarizeLatency, type LatencySummary } from '@parley/client/load';
import type { NodeWebRtc } from '@parley/client/node';
import { MediaMeter } from '../media/MediaMeter.js';
import { SyntheticMedia, type SyntheticMediaOptions } from '../media/SyntheticMedia.js';

export interface BotLoadOptions {
  serverUrl: string;
  webrtc: NodeWebRtc;
  rooms: number;
  roomSize: number;
  durationMs: number;
  media: SyntheticMediaOptions;
  /** Bots joining at the same time, at most (a 2-core machine encodes video for every pair). */
  concurrency?: number;
  roomPrefix?: string;
  onProgress?: (progress: { elapsedMs: number; joined: number; seeingEveryone: number; errors: number }) => void;
  signal?: AbortSignal;
}

export interface BotLoadReport {
  durationMs: number;
  bots: number;
  joined: number;
  /** join() called → acknowledged by the server (connect included), in ms. */
  joinLatencyMs: LatencySummary;
  /** join() called → first decoded video frame from another bot, in ms (bots that saw one). */
  firstFrameLatencyMs: LatencySummary;
  /** Bots that decoded video from every other bot of their room by the end. */
  seeingEveryone: number;
  errorsByCode: Record<string, number>;
}

interface Bot {
  room: Room;
  media: SyntheticMedia;
  meter: MediaMeter;
  startedAt: number;
  joinedAt: number | null;
}

/**
 * Rooms full of media bots (`parley load --bots`): each bot a real participant with libwebrtc,
 * sending the test pattern and tone and decoding what the others send. Measures what a person
 * waits for: the join, then the first picture of someone else.
 */
export async function runBotLoad(options: BotLoadOptions): Promise<BotLoadReport> {
  const started = performance.now();
  const prefix = options.roomPrefix ?? `bots-${Math.random().toString(36).slice(2, 8)}`;
  const bots: Bot[] = [];
  const errorsByCode: Record<string, number> = {};
  const fail = (error: unknown) => {
    const code = isParleyError(error) ? error.code : 'error';
    errorsByCode[code] = (errorsByCode[code] ?? 0) + 1;
  };
  // Round by round (every room's first bot, then every room's second…), so that a wave of
  // concurrent joins never has two bots of one room: two joins racing in one room can leave
  // the first unaware of the second (it hears "participant-joined" before its own join answer).
  const plan = Array.from({ length: options.rooms * options.roomSize }, (_, i) => ({
    roomId: `${prefix}-${i % options.rooms}`,
    name: `bot ${Math.floor(i / options.rooms) + 1}`,
  }));
  const seeingEveryone = () => bots.filter((bot) => bot.meter.videoSources >= options.roomSize - 1).length;
  const progress = setInterval(() => {
    options.onProgress?.({
      elapsedMs: performance.now() - started,
      joined: bots.filter((b) => b.joinedAt !== null).length,
      seeingEveryone: seeingEveryone(),
      errors: Object.values(errorsByCode).reduce((a, b) => a + b, 0),
    });
  }, 1000);
  try {
    const concurrency = Math.min(options.concurrency ?? 4, options.rooms);
    for (let i = 0; i < plan.length && !options.signal?.aborted; i += concurrency) {
      await Promise.all(
        plan.slice(i, i + concurrency).map(async ({ roomId, name }) => {
          const media = new SyntheticMedia(options.webrtc, options.media);
          const room = new Room({ serverUrl: options.serverUrl, roomId, name, webrtc: options.webrtc, media });
          const bot: Bot = { room, media, meter: new MediaMeter(room, options.webrtc), startedAt: performance.now(), joinedAt: null };
          room.on('error', fail);
          bots.push(bot);
          try {
            await room.join();
            bot.joinedAt = performance.now();
          } catch (error) {
            fail(error);
          }
        }),
      );
    }
    const left = options.durationMs - (performance.now() - started);
    if (left > 0 && !options.signal?.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        options.signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
    const joined = bots.filter((b) => b.joinedAt !== null);
    const sawVideo = bots.filter((b) => b.meter.firstVideoFrameAt !== null);
    return {
      durationMs: Math.round(performance.now() - started),
      bots: plan.length,
      joined: joined.length,
      joinLatencyMs: summarizeLatency(joined.map((b) => b.joinedAt! - b.startedAt)),
      firstFrameLatencyMs: summarizeLatency(sawVideo.map((b) => b.meter.firstVideoFrameAt! - b.startedAt)),
      seeingEveryone: seeingEveryone(),
      errorsByCode,
    };
  } finally {
    clearInterval(progress);
    await Promise.all(
      bots.map(async (bot) => {
        await bot.room.leave().catch(() => undefined);
        bot.meter.stop();
        bot.media.stop();
      }),
    );
  }
}
