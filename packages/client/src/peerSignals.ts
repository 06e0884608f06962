import type { IceCandidate, SessionDescription } from '@parley/protocol';

/** What a PeerLink sends to its remote twin through signaling. */
export interface OutgoingSignal {
  description?: SessionDescription;
  candidate?: IceCandidate;
}

export interface LocalTrackSet {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
}

/** A gathered candidate as it travels in a signal (W3C webrtc-pc §4.8.1.2 RTCIceCandidateInit). */
export function candidateInit(candidate: RTCIceCandidate): IceCandidate {
  return {
    candidate: candidate.candidate,
    sdpMid: candidate.sdpMid,
    sdpMLineIndex: candidate.sdpMLineIndex,
    usernameFragment: candidate.usernameFragment,
  };
}
