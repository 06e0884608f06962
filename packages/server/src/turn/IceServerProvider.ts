import type { IceConfig, IceServer, IceTransportPolicy } from '@parley/protocol';
import { mintTurnCredentials } from './credentials.js';

/** The part of the server configuration that decides which ICE servers clients use. */
export interface IceSettings {
  stunUrls: string[];
  turnUrls: string[];
  /** Shared with coturn's `static-auth-secret`; required when `turnUrls` is not empty. */
  turnSecret?: string | undefined;
  /** Lifetime of minted TURN credentials, in seconds. */
  turnTtl: number;
  iceTransportPolicy: IceTransportPolicy;
}

/**
 * Hands each participant the ICE servers to use: the STUN URLs as configured and the TURN URLs
 * with credentials minted for that participant alone (username `expiry:participantId`), so
 * coturn's per-user quota applies per person and a leaked credential dies within the TTL.
 */
export class IceServerProvider {
  readonly #settings: IceSettings;
  readonly #now: () => number;

  constructor(settings: IceSettings, now: () => number = Date.now) {
    this.#settings = settings;
    this.#now = now;
  }

  get hasTurn(): boolean {
    return this.#settings.turnUrls.length > 0;
  }

  /** Fresh ICE configuration for one participant. */
  forParticipant(participantId: string): IceConfig {
    const { stunUrls, turnUrls, turnSecret, turnTtl, iceTransportPolicy } = this.#settings;
    const iceServers: IceServer[] = [];
    // In relay mode only the TURN server may see this client's address; STUN would leak it.
    if (stunUrls.length > 0 && iceTransportPolicy !== 'relay') iceServers.push({ urls: [...stunUrls] });
    if (turnUrls.length > 0 && turnSecret) {
      const { username, credential } = mintTurnCredentials(turnSecret, participantId, turnTtl, this.#now());
      iceServers.push({ urls: [...turnUrls], username, credential });
      return { iceServers, iceTransportPolicy, ttlSeconds: turnTtl };
    }
    return { iceServers, iceTransportPolicy };
  }
}
