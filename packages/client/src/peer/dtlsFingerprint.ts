/**
 * The DTLS certificate fingerprint a session description declares (`a=fingerprint`, RFC 8122 §5),
 * at session or media level (with BUNDLE every m-line carries the same one); null if none.
 */
export function dtlsFingerprint(sdp: string): string | null {
  const match = /^a=fingerprint:(\S+ \S+)/m.exec(sdp);
  return match ? match[1]!.toLowerCase() : null;
}

/**
 * True when `next` comes from another RTCPeerConnection than `current` did: each connection
 * has its own certificate (webrtc-pc §4.9: generated per connection unless given), and a new
 * fingerprint means a new DTLS association (RFC 8842 §5), which a connection that is already
 * up cannot take in a renegotiation.
 */
export function fromAnotherConnection(current: string | undefined, next: string): boolean {
  if (!current) return false;
  const before = dtlsFingerprint(current);
  const after = dtlsFingerprint(next);
  return before !== null && after !== null && before !== after;
}
