/**
 * A new RTCPeerConnection for any handler. max-bundle (RFC 8843 §7, webrtc-pc §4.2.5): one ICE
 * transport for every m-line. Parley talks only to Parley and Janus, which bundle; the default
 * gathers candidates per m-line, and a 6-person mesh then floods signaling with candidates.
 */
export function createPeerConnection(Implementation: typeof RTCPeerConnection, configuration: RTCConfiguration): RTCPeerConnection {
  return new Implementation({ ...configuration, bundlePolicy: 'max-bundle' });
}

/**
 * Closes a connection so that nothing of it runs afterwards: every event handler is removed
 * first (a late `track` or `icecandidate` would reach an owner that has let go), then close()
 * (webrtc-pc §4.4.1.5) stops its transceivers and ICE.
 */
export function closePeerConnection(pc: RTCPeerConnection): void {
  pc.onnegotiationneeded = null;
  pc.onicecandidate = null;
  pc.onicecandidateerror = null;
  pc.ontrack = null;
  pc.ondatachannel = null;
  pc.onconnectionstatechange = null;
  pc.oniceconnectionstatechange = null;
  pc.onicegatheringstatechange = null;
  pc.onsignalingstatechange = null;
  pc.close();
}
