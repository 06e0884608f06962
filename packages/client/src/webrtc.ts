import { ParleyError } from '@parley/protocol';

/**
 * The WebRTC classes the SDK needs. Browsers provide them globally; in Node pass
 * `@roamhq/wrtc` (or any standard implementation) so the same code runs unchanged.
 *
 * @example
 * import wrtc from '@roamhq/wrtc';
 * const room = new Room({ ..., webrtc: wrtc });
 */
export interface WebRtcImplementation {
  RTCPeerConnection: typeof RTCPeerConnection;
  MediaStream: typeof MediaStream;
}

export function globalWebRtc(): WebRtcImplementation {
  const scope = globalThis as Partial<WebRtcImplementation>;
  if (!scope.RTCPeerConnection || !scope.MediaStream) {
    throw new ParleyError(
      'media-unsupported',
      'This environment has no WebRTC. Use a current browser, or pass a WebRTC implementation (for Node: @roamhq/wrtc).',
    );
  }
  return { RTCPeerConnection: scope.RTCPeerConnection, MediaStream: scope.MediaStream };
}
