import type { IceCandidate } from '@parley/protocol';

/**
 * The SFU's ICE candidates for one connection. Janus trickles as soon as it has an address, which
 * can be before our setRemoteDescription finished (the answer or offer travels the same socket
 * but is applied asynchronously); addIceCandidate then fails (webrtc-pc §4.4.1.6). They are held
 * until the remote description is in place, then added in order.
 */
export class RemoteCandidates {
  readonly #pc: RTCPeerConnection;
  #held: IceCandidate[] = [];

  constructor(pc: RTCPeerConnection) {
    this.#pc = pc;
  }

  async add(candidate: IceCandidate | null): Promise<void> {
    if (!candidate || this.#pc.signalingState === 'closed') return;
    if (!this.#pc.remoteDescription) this.#held.push(candidate);
    else await this.#pc.addIceCandidate(this.#withMid(candidate));
  }

  /** Adds the held candidates, in order; call once a remote description is in place. */
  async flush(): Promise<void> {
    // All at once: the operations chain keeps their order without a task hop between each.
    const held = this.#held.splice(0).map((candidate) => this.#pc.addIceCandidate(this.#withMid(candidate)).catch(() => undefined));
    await Promise.all(held);
  }

  /**
   * Janus (multistream) trickles with an m-line index and no mid. libwebrtc in Node at times
   * refuses such a candidate ("Failed to set ICE candidate"); naming the mid of that m-line
   * (webrtc-pc §4.4.1.6 resolves a null sdpMid through sdpMLineIndex the same way) is always
   * taken. Losing Janus's candidate is harmless when its checks reach us directly, but relay-only
   * it is fatal: without it no TURN permission lets Janus's checks in.
   */
  #withMid(candidate: IceCandidate): IceCandidate {
    if (candidate.sdpMid || typeof candidate.sdpMLineIndex !== 'number') return candidate;
    const mids = [...(this.#pc.remoteDescription?.sdp ?? '').matchAll(/^a=mid:(\S+)/gm)].map((match) => match[1]);
    const mid = mids[candidate.sdpMLineIndex];
    return mid === undefined ? candidate : { ...candidate, sdpMid: mid };
  }
}
