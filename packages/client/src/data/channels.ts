import { DATA_CHANNELS } from '@parley/protocol';

/** The data channels every PeerLink carries. */
export interface DataChannels {
  /** Chat: JSON text, ordered, reliable. */
  chat: RTCDataChannel;
  /** Files: JSON control text and binary data frames, ordered, reliable. */
  files: RTCDataChannel;
  /** End-to-end encryption's identities and keys (e2ee/LinkKeyExchange): JSON text, ordered, reliable. */
  e2ee: RTCDataChannel;
}

/**
 * Creates the chat, files and e2ee channels as negotiated channels with fixed stream ids
 * (webrtc-pc §6.2, RFC 8832 is then not used): both peers create the same pair, nothing is
 * announced in-band, and they open as soon as the SCTP association is up (RFC 8831 §6.5).
 */
export function createDataChannels(pc: RTCPeerConnection): DataChannels {
  const make = (spec: { label: string; id: number }) => {
    const channel = pc.createDataChannel(spec.label, { negotiated: true, id: spec.id, ordered: true });
    channel.binaryType = 'arraybuffer';
    return channel;
  };
  return { chat: make(DATA_CHANNELS.chat), files: make(DATA_CHANNELS.files), e2ee: make(DATA_CHANNELS.e2ee) };
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

/**
 * Closes the channel after its last messages; resolves when closed, or after `timeoutMs`. The
 * close resets the channel's SCTP stream (RFC 8831 §6.7), which the peer carries out only once it
 * has received every chunk sent before the reset request (RFC 6525 §5.2.2): by `close`, the peer
 * has them. For the last few control messages (a decline, a verdict, a chat line), not bulk data:
 * measured in Node's libwebrtc, a reset discards what its SCTP stack still holds unsent, and 1.8
 * of 4 MiB queued at once never arrived even after bufferedAmount had fallen to 0.
 */
export async function closeDelivered(channel: RTCDataChannel, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Polled: Node's libwebrtc binding never fires bufferedamountlow at a threshold of 0 or 1.
  while (channel.readyState === 'open' && channel.bufferedAmount > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
  }
  if (channel.readyState !== 'open') {
    channel.close();
    return;
  }
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      channel.removeEventListener('close', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
    channel.addEventListener('close', done);
    channel.close();
  });
}

/** How often closeDelivered looks at the send buffer. */
const DRAIN_POLL_MS = 10;

/** Parses a JSON text message, refusing oversized ones before parsing. */
export function parseJsonMessage(data: unknown, maxChars: number): unknown {
  if (typeof data !== 'string' || data.length > maxChars) return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}
