import { DATA_CHANNELS } from '@parley/protocol';

/** The two data channels every PeerLink carries. */
export interface DataChannels {
  /** Chat: JSON text, ordered, reliable. */
  chat: RTCDataChannel;
  /** Files: JSON control text and binary data frames, ordered, reliable. */
  files: RTCDataChannel;
}

/**
 * Creates the chat and files channels as negotiated channels with fixed stream ids
 * (webrtc-pc §6.2, RFC 8832 is then not used): both peers create the same pair, nothing is
 * announced in-band, and they open as soon as the SCTP association is up (RFC 8831 §6.5).
 */
export function createDataChannels(pc: RTCPeerConnection): DataChannels {
  const make = (spec: { label: string; id: number }) => {
    const channel = pc.createDataChannel(spec.label, { negotiated: true, id: spec.id, ordered: true });
    channel.binaryType = 'arraybuffer';
    return channel;
  };
  return { chat: make(DATA_CHANNELS.chat), files: make(DATA_CHANNELS.files) };
}

/** Runs `fn` once the channel is open (now, if it is). Returns a function that cancels the wait. */
export function whenOpen(channel: RTCDataChannel, fn: () => void): () => void {
  if (channel.readyState === 'open') {
    fn();
    return () => undefined;
  }
  const onOpen = () => {
    channel.removeEventListener('open', onOpen);
    fn();
  };
  channel.addEventListener('open', onOpen);
  return () => channel.removeEventListener('open', onOpen);
}

/** Parses a JSON text message, refusing oversized ones before parsing. */
export function parseJsonMessage(data: unknown, maxChars: number): unknown {
  if (typeof data !== 'string' || data.length > maxChars) return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}
