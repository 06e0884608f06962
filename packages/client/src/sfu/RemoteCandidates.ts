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
    else await this.#pc.addIceCandidate(candidate);
  }

  /** Call right after setRemoteDescription resolves. */
  async flush(): Promise<void> {
    for (const candidate of this.#held.splice(0)) await this.#pc.addIceCandidate(candidate).catch(() => undefined);
  }
}
