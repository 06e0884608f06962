import type { IceUrl } from '../../turn/iceUrls.js';
import {
  Attr,
  Method,
  xorAddressAttribute,
  TRANSPORT_UDP,
  attribute,
  encode,
  errorCode,
  longTermKey,
  newTransactionId,
  requestedTransport,
  textAttribute,
  uint32Attribute,
  verifyIntegrity,
  xorAddress,
  type Attribute,
  type StunMessage,
  type TransportAddress,
} from './message.js';
import { openTransport, type StunResponse, type StunTransport } from './transport.js';

export interface ProbeOptions {
  /** Per request, in ms. */
  timeoutMs?: number;
  /** Transport to use instead of the URL's (to try a `turn:` URL over both UDP and TCP). */
  transport?: 'udp' | 'tcp' | 'tls';
  verifyCertificate?: boolean;
}

export interface AllocateOptions extends ProbeOptions {
  /**
   * IPv4 peers to ask permissions for on the new allocation (RFC 8656 §9). Nothing is sent to
   * them: a success only shows the server *would* relay there, a 403 that it refuses.
   */
  probePeers?: string[];
}

/** Whether the TURN server grants a permission for a peer address (403 Forbidden: it refuses). */
export interface PeerPermission {
  address: string;
  allowed: boolean;
  code: number;
}

export interface BindingResult {
  /** This machine's address as the server saw it (server-reflexive). */
  mapped: TransportAddress;
  rttMs: number;
  software: string | undefined;
}

export type AllocateResult =
  | {
      ok: true;
      /** The relay address peers send to. */
      relayed: TransportAddress;
      mapped: TransportAddress | null;
      lifetimeSeconds: number;
      realm: string;
      rttMs: number;
      software: string | undefined;
      /** Answers to `probePeers`, in order. */
      permissions: PeerPermission[];
    }
  | {
      ok: false;
      /** `challenge`: the unauthenticated first request failed unexpectedly; `authenticate`: the credentials were refused. */
      stage: 'challenge' | 'authenticate';
      code: number;
      reason: string;
      realm: string | undefined;
    };

function connect(url: IceUrl, options: ProbeOptions): Promise<StunTransport> {
  return openTransport({
    host: url.host,
    port: url.port,
    transport: options.transport ?? url.transport,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.verifyCertificate !== undefined ? { verifyCertificate: options.verifyCertificate } : {}),
  });
}

async function send(transport: StunTransport, method: number, attributes: Attribute[], integrityKey?: Buffer): Promise<StunResponse> {
  const transactionId = newTransactionId();
  const raw = encode(
    { method, cls: 'request', transactionId, attributes },
    { fingerprint: true, ...(integrityKey ? { integrityKey } : {}) },
  );
  return transport.request(raw, transactionId);
}

const text = (message: StunMessage, type: number): string | undefined => attribute(message, type)?.toString('utf8');

/** A STUN Binding request (RFC 5389 §7): the server answers with the address it saw. */
export async function stunBinding(url: IceUrl, options: ProbeOptions = {}): Promise<BindingResult> {
  const transport = await connect(url, options);
  try {
    const started = performance.now();
    const { message } = await send(transport, Method.Binding, []);
    const rttMs = performance.now() - started;
    if (message.cls !== 'success') {
      const error = errorCode(message);
      throw new Error(`Binding refused: ${error ? `${error.code} ${error.reason}` : 'no error code'}`);
    }
    const mapped = xorAddress(message, Attr.XorMappedAddress);
    if (!mapped) throw new Error('Binding answer has no XOR-MAPPED-ADDRESS');
    return { mapped, rttMs, software: text(message, Attr.Software) };
  } finally {
    transport.close();
  }
}

/**
 * A real TURN allocation with the long-term credential mechanism (RFC 8656 §7.2, RFC 5389 §10.2):
 *
 * 1. Allocate without credentials → 401 with REALM and NONCE;
 * 2. Allocate with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY keyed MD5(user:realm:password)
 *    → success with XOR-RELAYED-ADDRESS (or 401 when the credentials are wrong or expired);
 *    a 438 Stale Nonce is retried once with the new nonce;
 * 3. Refresh with LIFETIME 0 to release the relay at once instead of after its lifetime.
 *
 * Network failures reject with a TransportError; answers from the server resolve.
 */
export async function turnAllocate(
  url: IceUrl,
  credentials: { username: string; password: string },
  options: AllocateOptions = {},
): Promise<AllocateResult> {
  const transport = await connect(url, options);
  try {
    const started = performance.now();
    const base = [requestedTransport(TRANSPORT_UDP)];
    const first = await send(transport, Method.Allocate, base);
    const challenge = errorCode(first.message);
    if (first.message.cls === 'success') {
      // A server without authentication: allocated already. Release it and report a problem.
      await release(transport, []);
      return {
        ok: false,
        stage: 'challenge',
        code: 0,
        reason: 'the server allocated without asking for credentials (open relay)',
        realm: undefined,
      };
    }
    if (!challenge || challenge.code !== 401) {
      return {
        ok: false,
        stage: 'challenge',
        code: challenge?.code ?? 0,
        reason: challenge?.reason ?? 'unexpected answer',
        realm: undefined,
      };
    }
    const realm = text(first.message, Attr.Realm);
    let nonce = text(first.message, Attr.Nonce);
    if (realm === undefined || nonce === undefined) {
      return { ok: false, stage: 'challenge', code: 401, reason: '401 without REALM/NONCE', realm };
    }
    const key = longTermKey(credentials.username, realm, credentials.password);
    for (let attempt = 0; attempt < 2; attempt++) {
      const auth = [textAttribute(Attr.Username, credentials.username), textAttribute(Attr.Realm, realm), textAttribute(Attr.Nonce, nonce)];
      const answer = await send(transport, Method.Allocate, [...base, ...auth], key);
      if (answer.message.cls === 'success') {
        if (!verifyIntegrity(answer.raw, key)) {
          return { ok: false, stage: 'authenticate', code: 0, reason: 'the answer failed MESSAGE-INTEGRITY (not this server?)', realm };
        }
        const relayed = xorAddress(answer.message, Attr.XorRelayedAddress);
        if (!relayed) return { ok: false, stage: 'authenticate', code: 0, reason: 'success without XOR-RELAYED-ADDRESS', realm };
        const lifetime = attribute(answer.message, Attr.Lifetime);
        const rttMs = performance.now() - started;
        const permissions: PeerPermission[] = [];
        for (const address of options.probePeers ?? []) {
          const peer = xorAddressAttribute(Attr.XorPeerAddress, { family: 'IPv4', address, port: 9 });
          const granted = await send(transport, Method.CreatePermission, [peer, ...auth], key);
          const refused = errorCode(granted.message);
          permissions.push({ address, allowed: granted.message.cls === 'success', code: refused?.code ?? 0 });
        }
        const result = {
          ok: true as const,
          relayed,
          mapped: xorAddress(answer.message, Attr.XorMappedAddress),
          lifetimeSeconds: lifetime && lifetime.length >= 4 ? lifetime.readUInt32BE(0) : 0,
          realm,
          rttMs,
          software: text(answer.message, Attr.Software),
          permissions,
        };
        await release(transport, auth, key).catch(() => undefined); // best effort; it expires anyway
        return result;
      }
      const error = errorCode(answer.message);
      const newNonce = text(answer.message, Attr.Nonce);
      if (error?.code === 438 && newNonce && attempt === 0) {
        nonce = newNonce;
        continue;
      }
      return { ok: false, stage: 'authenticate', code: error?.code ?? 0, reason: error?.reason ?? 'no error code', realm };
    }
    return { ok: false, stage: 'authenticate', code: 438, reason: 'Stale Nonce twice', realm };
  } finally {
    transport.close();
  }
}

/** Refresh with LIFETIME 0 deletes the allocation (RFC 8656 §7.3). */
async function release(transport: StunTransport, auth: Attribute[], key?: Buffer): Promise<void> {
  await send(transport, Method.Refresh, [uint32Attribute(Attr.Lifetime, 0), ...auth], key);
}
