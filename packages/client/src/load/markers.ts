/**
 * Each relayed load message carries who sent it to whom, in which room, its number in that
 * sender→receiver stream and when it was sent, inside an otherwise ordinary SDP or ICE
 * candidate (the server never parses either), so the receiver can tell a misrouted message.
 */
export interface LoadMarker {
  room: string;
  from: string;
  to: string;
  n: number;
  sentAt: number;
}

const TAG = 'x-parley-load';

export function encodeMarker(marker: LoadMarker): string {
  return `${TAG}=${marker.room}/${marker.from}/${marker.to}/${marker.n}/${marker.sentAt}`;
}

const MARKER = new RegExp(`${TAG}=([A-Za-z0-9_-]+)/([A-Za-z0-9_-]+)/([A-Za-z0-9_-]+)/(\\d+)/([\\d.]+)`);

export function decodeMarker(text: string): LoadMarker | null {
  const match = MARKER.exec(text);
  if (!match) return null;
  return { room: match[1]!, from: match[2]!, to: match[3]!, n: Number(match[4]), sentAt: Number(match[5]) };
}

/** An RTCIceCandidateInit (W3C webrtc-pc §4.8.2) of the usual shape, carrying the marker. */
export function markedCandidate(marker: LoadMarker): { candidate: string; sdpMid: string; sdpMLineIndex: number } {
  const port = 50_000 + (marker.n % 10_000);
  return {
    candidate: `candidate:842163049 1 udp 2122260223 192.0.2.1 ${port} typ host generation 0 network-cost 999 ${encodeMarker(marker)}`,
    sdpMid: '0',
    sdpMLineIndex: 0,
  };
}

/** A session description about the size of a browser's audio+video offer (~3 KB), carrying the marker. */
export function markedDescription(type: 'offer' | 'answer', marker: LoadMarker): { type: 'offer' | 'answer'; sdp: string } {
  const lines = [
    'v=0',
    `o=- ${marker.n} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    `a=${encodeMarker(marker)}`,
    'a=msid-semantic: WMS',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
    'c=IN IP4 0.0.0.0',
    'a=ice-ufrag:load',
    'a=ice-pwd:loadloadloadloadloadload',
    'a=fingerprint:sha-256 ' + Array.from({ length: 32 }, () => 'AB').join(':'),
    `a=setup:${type === 'offer' ? 'actpass' : 'active'}`,
    'a=mid:0',
    'a=sendrecv',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 102',
    'c=IN IP4 0.0.0.0',
    'a=mid:1',
    'a=sendrecv',
    'a=rtcp-mux',
    'a=rtcp-rsize',
    ...[96, 98, 100, 102].flatMap((pt) => [
      `a=rtpmap:${pt} VP8/90000`,
      `a=rtcp-fb:${pt} goog-remb`,
      `a=rtcp-fb:${pt} transport-cc`,
      `a=rtcp-fb:${pt} ccm fir`,
      `a=rtcp-fb:${pt} nack`,
      `a=rtcp-fb:${pt} nack pli`,
      `a=rtpmap:${pt + 1} rtx/90000`,
      `a=fmtp:${pt + 1} apt=${pt}`,
    ]),
    ...Array.from({ length: 12 }, (_, i) => `a=extmap:${i + 1} urn:ietf:params:rtp-hdrext:load-${i}`),
    'a=ssrc-group:FID 1111111111 2222222222',
    'a=ssrc:1111111111 cname:parleyload',
    'a=ssrc:2222222222 cname:parleyload',
  ];
  return { type, sdp: `${lines.join('\r\n')}\r\n` };
}
