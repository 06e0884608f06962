/**
 * Janus (multistream) trickles its candidates with an m-line index and no mid, and libwebrtc in
 * Node at times refuses such a candidate ("Failed to set ICE candidate"). The mid of that m-line
 * (webrtc-pc §4.4.1.6 resolves a null sdpMid through sdpMLineIndex the same way) is always taken,
 * as the client's RemoteCandidates does. With full_trickle Janus sends one host candidate per
 * connection: refusing it left a test publisher `new` for good (CI-16, CI-17 on a quiet machine).
 */
export function withMid(pc: RTCPeerConnection, candidate: RTCIceCandidateInit): RTCIceCandidateInit {
  if (candidate.sdpMid || typeof candidate.sdpMLineIndex !== 'number') return candidate;
  const mids = [...(pc.remoteDescription?.sdp ?? '').matchAll(/^a=mid:(\S+)/gm)].map((match) => match[1]);
  const mid = mids[candidate.sdpMLineIndex];
  return mid === undefined ? candidate : { ...candidate, sdpMid: mid };
}
