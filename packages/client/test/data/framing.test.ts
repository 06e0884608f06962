import { describe, expect, it } from 'vitest';
import { FRAME_HEADER_BYTES } from '@parley/protocol';
import { decodeFrame, encodeFrame, FrameWriter } from '../../src/data/framing.js';

describe('data frames', () => {
  it('round-trips stream, offset and payload, with the payload after a 16-byte header', () => {
    const payload = new Uint8Array([1, 2, 3, 250]);
    const frame = encodeFrame(7, 3 * 2 ** 40 + 5, payload);
    expect(frame.byteLength).toBe(FRAME_HEADER_BYTES + 4);
    const decoded = decodeFrame(frame.buffer)!;
    expect(decoded).toMatchObject({ stream: 7, offset: 3 * 2 ** 40 + 5, length: 4 });
    expect([...new Uint8Array(decoded.buffer, FRAME_HEADER_BYTES)]).toEqual([1, 2, 3, 250]);
  });

  it('allows an empty payload and the largest u32 stream', () => {
    expect(decodeFrame(encodeFrame(0xffffffff, 0, new Uint8Array(0)).buffer)).toMatchObject({ stream: 0xffffffff, length: 0 });
  });

  it('refuses short buffers, other frame types and offsets that are not safe integers', () => {
    expect(decodeFrame(new ArrayBuffer(15))).toBeNull();
    const other = encodeFrame(1, 0, new Uint8Array(1));
    other[0] = 2;
    expect(decodeFrame(other.buffer)).toBeNull();
    for (const bad of [-1, 0.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY]) {
      const frame = encodeFrame(1, 0, new Uint8Array(1));
      new DataView(frame.buffer).setFloat64(8, bad);
      expect(decodeFrame(frame.buffer), String(bad)).toBeNull();
    }
  });

  it('builds every frame of a send loop in one reused buffer, each one exact (a shorter last frame too)', () => {
    const writer = new FrameWriter();
    const first = writer.frame(3, 0, new Uint8Array([9, 9, 9, 9, 9]));
    const copy = first.slice();
    const last = writer.frame(3, 5, new Uint8Array([1, 2]));
    expect(last.buffer).toBe(first.buffer);
    expect(decodeFrame(copy.buffer)).toMatchObject({ stream: 3, offset: 0, length: 5 });
    const decoded = decodeFrame(last.slice().buffer)!;
    expect(decoded).toMatchObject({ stream: 3, offset: 5, length: 2 });
    expect([...new Uint8Array(decoded.buffer, FRAME_HEADER_BYTES)]).toEqual([1, 2]);
  });
});
