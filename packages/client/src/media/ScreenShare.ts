import { ParleyError } from '@parley/protocol';
import { eventNames, SafeEmitter } from '../SafeEmitter.js';

/** Screen share at a size and rate fit for text: sharp, not smooth. */
export const SCREEN_SHARE_CONSTRAINTS: DisplayMediaStreamOptions = {
  video: { frameRate: { ideal: 15, max: 30 } },
  // The browser offers tab or system audio when it can; nothing is lost when it cannot.
  audio: true,
};

export interface ScreenShareEvents {
  /** Sharing stopped: by `stop()` or by the browser's own "Stop sharing" control. */
  ended: () => void;
}

/** Every event name of ScreenShareEvents, checked against it both ways. */
export const screenShareEventNames = eventNames<ScreenShareEvents>()(['ended']);

/**
 * One screen, window or tab being shared (W3C Screen Capture, getDisplayMedia). The browser's own
 * "Stop sharing" control ends the video track (an `ended` event, Screen Capture §5.1); that ends
 * the whole share, so the room stops sending it to everyone.
 *
 * @example
 * const share = await ScreenShare.start();
 * share.on('ended', () => showShareButton());
 */
export class ScreenShare extends SafeEmitter<ScreenShareEvents> {
  readonly stream: MediaStream;
  #ended = false;

  private constructor(stream: MediaStream) {
    super();
    this.stream = stream;
    for (const track of stream.getTracks()) track.addEventListener('ended', this.#onTrackEnded);
  }

  /**
   * Asks the browser for a screen (it shows its picker). Resolves with the share, or null when the
   * person closed the picker without choosing; rejects with a ParleyError when sharing is impossible.
   */
  static async start(mediaDevices: MediaDevices | undefined = globalThis.navigator?.mediaDevices): Promise<ScreenShare | null> {
    if (typeof mediaDevices?.getDisplayMedia !== 'function') {
      throw new ParleyError('screen-share-unsupported', 'This browser cannot share a screen. Use a current desktop browser.');
    }
    try {
      return new ScreenShare(await mediaDevices.getDisplayMedia(SCREEN_SHARE_CONSTRAINTS));
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      // Closing the picker is a choice, not a failure (Screen Capture §5.1: NotAllowedError).
      if (name === 'NotAllowedError' || name === 'AbortError') return null;
      throw new ParleyError(
        'screen-share-failed',
        `The screen could not be shared${name ? ` (${name})` : ''}. Try again, or pick another window.`,
        {
          cause: error,
        },
      );
    }
  }

  get videoTrack(): MediaStreamTrack | null {
    return this.stream.getVideoTracks()[0] ?? null;
  }

  /** Screen or tab audio, when the person ticked "share audio". */
  get audioTrack(): MediaStreamTrack | null {
    return this.stream.getAudioTracks()[0] ?? null;
  }

  get tracks(): MediaStreamTrack[] {
    return this.stream.getTracks();
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Stops capturing (the browser's sharing indicator goes away) and tells listeners. Idempotent. */
  stop(): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const track of this.stream.getTracks()) {
      track.removeEventListener('ended', this.#onTrackEnded);
      track.stop();
    }
    this.emit('ended');
  }

  readonly #onTrackEnded = (): void => this.stop();
}
