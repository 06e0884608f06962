import { FRAME_DATA, FRAME_HEADER_BYTES } from '@parley/protocol';

/** A data frame as read off the wire; `data` views the payload inside the received buffer (no copy). */
export interface DataFrame {
  stream: number;
  offset: number;
  /** The whole received message; the payload starts at FRAME_HEADER_BYTES. */
  buffer: ArrayBuffer;
  length: number;
}

/**
 * Builds one data frame: the 16-byte header (see FRAME_HEADER_BYTES in @parley/protocol) followed
 * by `payload`. One allocation and one copy per chunk; the header is written in place.
 */
export function encodeFrame(stream: number, offset: number, payload: ArrayBuffer | Uint8Array): Uint8Array<ArrayBuffer> {
  const bytes = payload instanceof Uint8Array ? payload : new Uint8Array(payload);
  const frame = new Uint8Array(FRAME_HEADER_BYTES + bytes.byteLength);
  const view = new DataView(frame.buffer);
  view.setUint8(0, FRAME_DATA);
  view.setUint32(4, stream);
  view.setFloat64(8, offset);
  frame.set(bytes, FRAME_HEADER_BYTES);
  return frame;
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
