import { FRAME_DATA, FRAME_HEADER_BYTES } from '@parley/protocol';

/** A data frame as read off the wire; `data` views the payload inside the received buffer (no copy). */
export interface DataFrame {
  stream: number;
  offset: number;
  /** The whole received message; the payload starts at FRAME_HEADER_BYTES. */
  buffer: ArrayBuffer;
  length: number;
}

/** Builds one data frame in a buffer of its own: the 16-byte header (see FRAME_HEADER_BYTES in @parley/protocol), then `payload`. */
export function encodeFrame(stream: number, offset: number, payload: ArrayBuffer | Uint8Array): Uint8Array<ArrayBuffer> {
  return new FrameWriter().frame(stream, offset, payload instanceof Uint8Array ? payload : new Uint8Array(payload));
}

/**
 * Builds the frames of one send loop in a single reused buffer: RTCDataChannel.send() copies its
 * argument before returning (it is queued as bytes, webrtc-pc §6.2), so a new 256 KiB allocation
 * per frame, zero-filled and then garbage, is only cost. The frame returned is valid until the
 * next call.
 */
export class FrameWriter {
  #frame = new Uint8Array(0);

  frame(stream: number, offset: number, payload: Uint8Array): Uint8Array<ArrayBuffer> {
    const length = FRAME_HEADER_BYTES + payload.byteLength;
    if (this.#frame.byteLength < length) this.#frame = new Uint8Array(length);
    const frame = this.#frame.subarray(0, length);
    const view = new DataView(frame.buffer, 0, FRAME_HEADER_BYTES);
    view.setUint32(0, 0);
    view.setUint8(0, FRAME_DATA);
    view.setUint32(4, stream);
    view.setFloat64(8, offset);
    frame.set(payload, FRAME_HEADER_BYTES);
    return frame;
  }
}

/** Reads a data frame's header, or returns null for anything that is not a well-formed data frame. */
export function decodeFrame(buffer: ArrayBuffer): DataFrame | null {
  if (buffer.byteLength < FRAME_HEADER_BYTES) return null;
  const view = new DataView(buffer);
  if (view.getUint8(0) !== FRAME_DATA) return null;
  const stream = view.getUint32(4);
  const offset = view.getFloat64(8);
  if (!Number.isSafeInteger(offset) || offset < 0) return null;
  return { stream, offset, buffer, length: buffer.byteLength - FRAME_HEADER_BYTES };
}
