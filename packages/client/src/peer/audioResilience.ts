/**
 * Audio that carries on over a lossy link, on every mesh link:
 *
 * - **RED** (RFC 2198; Opus in RED as libwebrtc does it): every packet carries the previous
 *   frame again, so a single lost packet's audio arrives in the next one instead of being
 *   concealed. It costs about one more Opus stream of bitrate (tens of kbit/s), small beside
 *   video. A browser sends RED when it is the first audio codec both sides negotiated, so it is
 *   put first in the preferences (webrtc-pc §5.4 setCodecPreferences); a side without RED drops
 *   it from the answer and both send plain Opus.
 * - **Opus in-band FEC** (RFC 6716 §2.1.7): a low-bitrate copy of the previous frame inside each
 *   packet, which the encoder raises as the receiver reports loss. Browsers offer it already
 *   (`useinbandfec=1`, RFC 7587 §6.1); nothing to do but keep it.
 * - **DTX** (RFC 7587 §6.1 `usedtx`): while someone is silent their encoder sends a packet every
 *   400 ms instead of 50 a second, leaving the link to the voices that speak. A receiver asks
 *   for it in its own description's Opus parameters, which is why each side adds it to its own.
 */

/** RED first among the audio codecs, the others kept in their order (a browser without RED is left alone). */
export function preferRed(
  transceiver: RTCRtpTransceiver,
  capabilities: RTCRtpCapabilities | null | undefined = globalThis.RTCRtpReceiver?.getCapabilities?.('audio'),
): void {
  const codecs = capabilities?.codecs;
  if (!codecs || typeof transceiver.setCodecPreferences !== 'function') return;
  const isRed = ({ mimeType }: RTCRtpCodec): boolean => mimeType.toLowerCase() === 'audio/red';
  if (codecs.length === 0 || isRed(codecs[0]!) || !codecs.some(isRed)) return;
  transceiver.setCodecPreferences([...codecs.filter(isRed), ...codecs.filter((codec) => !isRed(codec))]);
}

/** `sdp` with `usedtx=1` in the parameters of every Opus payload type that lacks it (RFC 7587 §7). */
export function withOpusDtx(sdp: string): string {
  const opus = new Set([...sdp.matchAll(/^a=rtpmap:(\d+) opus\/48000\/2\r?$/gim)].map(([, payloadType]) => payloadType));
  if (opus.size === 0) return sdp;
  return sdp.replace(/^a=fmtp:(\d+) (.*?)(\r?)$/gm, (line, payloadType: string, parameters: string, cr: string) => {
    if (!opus.has(payloadType) || /(^|;)\s*usedtx=/.test(parameters)) return line;
    return `a=fmtp:${payloadType} ${parameters};usedtx=1${cr}`;
  });
}

/** A description to apply locally, with DTX asked for (see withOpusDtx). */
export function withAudioResilience(description: RTCSessionDescriptionInit): RTCSessionDescriptionInit {
  return description.sdp ? { type: description.type, sdp: withOpusDtx(description.sdp) } : description;
}
