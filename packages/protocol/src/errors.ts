/**
 * Every failure Parley reports carries a code from this union, so callers branch on
 * the reason instead of parsing a message, and a message a person can act on.
 */
export const ERROR_CODES = [
  // signaling / server
  'invalid-message',
  'message-too-large',
  'unknown-event',
  'invalid-room-id',
  'room-full',
  'not-in-room',
  'already-joined',
  'peer-not-found',
  /** The receiver is not reading what is sent to them (a slow or stalled connection); try again shortly. */
  'peer-busy',
  'server-error',
  // access control and moderation
  'password-required',
  'wrong-password',
  'room-locked',
  'removed',
  /** The room has a waiting room: you are waiting for the host (details: `knock`, the knock to join with once let in). */
  'waiting-for-host',
  /** The host turned you away; details `retryAfterMs` says when you may knock again. */
  'knock-denied',
  /** The host ended the meeting for everyone. */
  'meeting-ended',
  'token-required',
  'token-invalid',
  'forbidden',
  /** A newer page of the same person (a reload, a duplicated tab) took this session's place: it may not resume. */
  'session-replaced',
  /** That breakout room is closed (its host brought everyone back): go back to the main room. */
  'breakout-closed',
  /**
   * The room's media is end-to-end encrypted and this software cannot encrypt (the Node SDK): it
   * may join once the host turns encryption off. Also the answer to turning encryption on while
   * such a participant is present.
   */
  'e2ee-unsupported',
  /** The room's media is end-to-end encrypted, so the server cannot record it: the host turns encryption off first. */
  'e2ee-on',
  /** A resume token whose session cannot be resumed (its meeting is over): the server joins afresh instead. */
  'session-ended',
  // client side
  'signaling-unavailable',
  'timeout',
  'media-permission-denied',
  'media-not-found',
  'media-in-use',
  'media-overconstrained',
  'media-insecure-context',
  'media-unsupported',
  'media-unknown',
  // screen share
  'screen-share-unsupported',
  'screen-share-failed',
  // network path (ICE / TURN)
  'turn-credentials-rejected',
  'turn-unreachable',
  /** ICE found no path and the server gives out no TURN server: the networks need a relay that is not there. */
  'relay-needed',
  // limits and operations
  'rate-limited',
  'too-many-connections',
  'too-many-rooms',
  'server-shutdown',
  // SFU
  'sfu-unavailable',
  /** The server holds no SFU session for you any more: an ICE restart cannot be done, publish afresh. */
  'sfu-session-lost',
  'recording-not-found',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The JSON shape of an error on the wire (acks and `rejected` events). */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /** Machine-readable context, so a UI can word the error in its own language. */
  details?: Record<string, string | number>;
}

/**
 * An error with a reason. `name` stays equal to the class name so it survives
 * minification and structured logging.
 *
 * @example
 * throw ParleyError.roomFull(6);
 * // ParleyError: Room is full (6/6)  { code: 'room-full' }
 */
export class ParleyError extends Error {
  override readonly name = 'ParleyError';
  readonly code: ErrorCode;
  /** Machine-readable context, e.g. `{ device: 'camera' }` for a media error. */
  readonly details: Readonly<Record<string, string | number>>;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, string | number> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details ?? {};
  }

  toPayload(): ErrorPayload {
    return Object.keys(this.details).length > 0
      ? { code: this.code, message: this.message, details: { ...this.details } }
      : { code: this.code, message: this.message };
  }

  static fromPayload(payload: ErrorPayload): ParleyError {
    return new ParleyError(payload.code, payload.message, payload.details ? { details: payload.details } : undefined);
  }

  static roomFull(max: number): ParleyError {
    return new ParleyError('room-full', `Room is full (${max}/${max})`, { details: { max } });
  }

  /** The participant a message is addressed to is not in the sender's room (any more). */
  static peerNotFound(): ParleyError {
    return new ParleyError('peer-not-found', 'That participant is not in your room (they may have left).');
  }

  /** The connection speaks for nobody: it has not joined a room, or has left or been removed. */
  static notInRoom(): ParleyError {
    return new ParleyError('not-in-room', 'Join a room first.');
  }

  static invalidMessage(event: string, detail: string): ParleyError {
    return new ParleyError('invalid-message', `Invalid "${event}" message: ${detail}`);
  }

  static tooLarge(event: string, bytes: number, limit: number): ParleyError {
    return new ParleyError('message-too-large', `"${event}" message is ${bytes} bytes; the limit is ${limit} bytes`);
  }
}

export function isParleyError(value: unknown): value is ParleyError {
  return value instanceof Error && value.name === 'ParleyError' && 'code' in value;
}
