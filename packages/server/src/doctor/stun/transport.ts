import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { connect as tcpConnect, isIP, type Socket as TcpSocket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { decode, isStunMessage, messageLength, type StunMessage } from './message.js';

/** Why a request got no answer: each kind has its own fix. */
export type TransportFailure = 'dns' | 'refused' | 'timeout' | 'tls' | 'closed' | 'other';

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly kind: TransportFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface StunResponse {
  raw: Buffer;
  message: StunMessage;
}

/** One client socket to a STUN/TURN server; a TURN allocation lives on its 5-tuple. */
export interface StunTransport {
  readonly description: string;
  request(raw: Buffer, transactionId: Buffer): Promise<StunResponse>;
  close(): void;
}

export interface ConnectOptions {
  host: string;
  port: number;
  transport: 'udp' | 'tcp' | 'tls';
  /** Give up on one request after this long (ms). */
  timeoutMs?: number;
  /** For `tls`: refuse a certificate that does not verify (what browsers do for turns:). */
  verifyCertificate?: boolean;
}

export async function openTransport(options: ConnectOptions): Promise<StunTransport> {
  const address = await resolve(options.host);
  const timeoutMs = options.timeoutMs ?? 3_000;
  const label = `${options.host}:${options.port}/${options.transport}`;
  return options.transport === 'udp' ? openUdp(address, options.port, timeoutMs, label) : openStream(address, options, timeoutMs, label);
}

async function resolve(host: string): Promise<{ address: string; family: 4 | 6 }> {
  const family = isIP(host);
  if (family === 4 || family === 6) return { address: host, family };
  try {
    const found = await lookup(host);
    return { address: found.address, family: found.family === 6 ? 6 : 4 };
  } catch (error) {
    throw new TransportError('dns', `cannot resolve "${host}" (${(error as NodeJS.ErrnoException).code ?? 'DNS error'})`, { cause: error });
  }
}

function errnoFailure(error: unknown, label: string): TransportError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED')
    return new TransportError('refused', `${label}: connection refused (nothing listens there)`, { cause: error });
  if (code === 'ECONNRESET' || code === 'EPIPE')
    return new TransportError('closed', `${label}: the server closed the connection`, { cause: error });
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return new TransportError('timeout', `${label}: no route to the host (${code})`, { cause: error });
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT') {
    return new TransportError('tls', `${label}: TLS failed (${code}: ${(error as Error).message})`, { cause: error });
  }
  return new TransportError('other', `${label}: ${(error as Error).message}`, { cause: error });
}

/**
 * UDP with the retransmissions of RFC 5389 §7.2.1 (RTO doubling from 250 ms), shortened to
 * `timeoutMs` in total: a preflight should answer in seconds, not in the 39.5 s the RFC allows.
 * The socket is connected, so an ICMP "port unreachable" surfaces at once as ECONNREFUSED.
 */
function openUdp(target: { address: string; family: 4 | 6 }, port: number, timeoutMs: number, label: string): Promise<StunTransport> {
  const socket: UdpSocket = createSocket(target.family === 6 ? 'udp6' : 'udp4');
  const pending = new Map<string, { resolve: (r: StunResponse) => void; reject: (e: Error) => void }>();
  socket.on('message', (raw) => {
    if (!isStunMessage(raw)) return;
    let message: StunMessage;
    try {
      message = decode(raw);
    } catch {
      return;
    }
    const waiter = pending.get(message.transactionId.toString('hex'));
    waiter?.resolve({ raw, message });
  });
  socket.on('error', (error) => {
    for (const waiter of pending.values()) waiter.reject(errnoFailure(error, label));
  });
  return new Promise((resolveOpen, rejectOpen) => {
    socket.once('error', (error) => rejectOpen(errnoFailure(error, label)));
    socket.connect(port, target.address, () => {
      resolveOpen({
        description: label,
        request(raw, transactionId) {
          const key = transactionId.toString('hex');
          return new Promise<StunResponse>((resolve, reject) => {
            let rto = 250;
            let timer: NodeJS.Timeout;
            const deadline = setTimeout(
              () => finish(new TransportError('timeout', `${label}: no answer within ${timeoutMs} ms`)),
              timeoutMs,
            );
            const finish = (result: StunResponse | Error): void => {
              clearTimeout(timer);
              clearTimeout(deadline);
              pending.delete(key);
              if (result instanceof Error) reject(result);
              else resolve(result);
            };
            const send = (): void => {
              socket.send(raw, (error) => {
                if (error) finish(errnoFailure(error, label));
              });
              timer = setTimeout(send, rto);
              rto *= 2;
            };
            pending.set(key, { resolve: finish, reject: finish });
            send();
          });
        },
        close() {
          try {
            socket.close();
          } catch {
            // already closed
          }
        },
      });
    });
  });
}

/** STUN over TCP or TLS: messages are self-delimiting by their length field (RFC 5389 §7.2.2). */
function openStream(
  target: { address: string; family: 4 | 6 },
  options: ConnectOptions,
  timeoutMs: number,
  label: string,
): Promise<StunTransport> {
  return new Promise((resolveOpen, rejectOpen) => {
    const socket: TcpSocket =
      options.transport === 'tls'
        ? tlsConnect({
            host: target.address,
            port: options.port,
            servername: isIP(options.host) ? undefined : options.host,
            rejectUnauthorized: options.verifyCertificate ?? true,
          })
        : tcpConnect({ host: target.address, port: options.port });
    const pending = new Map<string, { resolve: (r: StunResponse) => void; reject: (e: Error) => void }>();
    let buffered = Buffer.alloc(0);
    let opened = false;
    const connectTimer = setTimeout(() => {
      socket.destroy();
      rejectOpen(new TransportError('timeout', `${label}: could not connect within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const length = messageLength(buffered);
        if (length === null || buffered.length < length) return;
        const raw = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        try {
          const message = decode(raw);
          pending.get(message.transactionId.toString('hex'))?.resolve({ raw: Buffer.from(raw), message });
        } catch {
          socket.destroy(new Error('the server sent something that is not STUN'));
          return;
        }
      }
    });
    const failAll = (error: Error): void => {
      for (const waiter of pending.values()) waiter.reject(error);
    };
    socket.on('error', (error) => {
      const failure = errnoFailure(error, label);
      if (!opened) {
        clearTimeout(connectTimer);
        rejectOpen(failure);
      }
      failAll(failure);
    });
    socket.on('close', () => failAll(new TransportError('closed', `${label}: the server closed the connection`)));
    socket.once(options.transport === 'tls' ? 'secureConnect' : 'connect', () => {
      opened = true;
      clearTimeout(connectTimer);
      resolveOpen({
        description: label,
        request(raw, transactionId) {
          const key = transactionId.toString('hex');
          return new Promise<StunResponse>((resolve, reject) => {
            const timer = setTimeout(() => finish(new TransportError('timeout', `${label}: no answer within ${timeoutMs} ms`)), timeoutMs);
            const finish = (result: StunResponse | Error): void => {
              clearTimeout(timer);
              pending.delete(key);
              if (result instanceof Error) reject(result);
              else resolve(result);
            };
            pending.set(key, { resolve: finish, reject: finish });
            socket.write(raw);
          });
        },
        close() {
          socket.destroy();
        },
      });
    });
  });
}
