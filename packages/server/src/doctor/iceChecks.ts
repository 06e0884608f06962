import type { Config } from '../config.js';
import { mintTurnCredentials } from '../turn/credentials.js';
import { parseIceUrl, type IceUrl } from '../turn/iceUrls.js';
import { isPrivateAddress } from './addresses.js';
import { stunBinding, turnAllocate, type AllocateResult, type PeerPermission } from './stun/client.js';
import { TransportError } from './stun/transport.js';
import type { CheckResult, DoctorOptions } from './types.js';

/** A user name only doctor uses, so its allocations are easy to tell apart in coturn's log. */
const DOCTOR_USER = 'parley-doctor';
/** Long enough to rule out clock skew when fresh credentials were refused. */
const SKEW_PROBE_TTL = 86_400;

/**
 * Peers a TURN server must never relay to: whoever holds a credential (anyone with a meeting link)
 * could otherwise reach the server's own services and network through it.
 */
const SENSITIVE_PEERS: ReadonlyArray<{ address: string; what: string; private?: true }> = [
  { address: '169.254.169.254', what: 'the cloud metadata service' },
  { address: '127.0.0.1', what: 'the TURN host itself (loopback)' },
  { address: '10.0.0.1', what: 'a private network (10/8)', private: true },
  { address: '172.16.0.1', what: 'a private network (172.16/12)', private: true },
  { address: '192.168.0.1', what: 'a private network (192.168/16)', private: true },
  { address: '100.64.0.1', what: 'carrier-grade NAT space (100.64/10)', private: true },
];

/** Whether STUN and TURN are configured well enough for calls across networks. */
export function coverageChecks(config: Config): CheckResult[] {
  const results: CheckResult[] = [];
  if (config.turnUrls.length === 0) {
    results.push({
      title: 'TURN server',
      status: 'warn',
      detail:
        'No TURN server is configured: people behind symmetric NATs or strict firewalls (many offices, ' +
        'mobile carriers) will not connect.',
      fix: 'Run coturn (deploy/coturn/README.md), then set PARLEY_TURN_URLS and PARLEY_TURN_SECRET.',
    });
    if (config.stunUrls.length === 0) {
      results.push({
        title: 'STUN server',
        status: 'warn',
        detail: 'Neither STUN nor TURN is configured: calls only connect between devices on the same network.',
        fix: 'Set PARLEY_STUN_URLS=stun:<your coturn host>:3478 (coturn answers STUN too).',
      });
    }
    return results;
  }
  const urls = config.turnUrls.map((url) => parseIceUrl(url));
  if (!urls.some((url) => url.transport !== 'udp')) {
    const first = urls[0]!;
    results.push({
      title: 'TURN over TCP/TLS',
      status: 'warn',
      detail: 'Every TURN URL is UDP: networks that block UDP (many corporate firewalls) cannot reach the relay.',
      fix: `Add turn:${hostPort(first)}?transport=tcp to PARLEY_TURN_URLS, and ideally turns:<host>:443 with a certificate.`,
    });
  }
  return results;
}

/** A STUN Binding against every STUN URL. */
export async function stunChecks(config: Config, options: DoctorOptions): Promise<CheckResult[]> {
  return Promise.all(
    config.stunUrls.map(async (raw): Promise<CheckResult> => {
      const url = parseIceUrl(raw);
      const title = `STUN ${raw}`;
      try {
        const result = await stunBinding(url, probeOptions(options));
        return {
          title,
          status: 'ok',
          detail: `answered in ${Math.round(result.rttMs)} ms; it sees this machine as ${result.mapped.address}:${result.mapped.port}.`,
        };
      } catch (error) {
        return { title, status: 'fail', ...explainTransport(error, url, 'PARLEY_STUN_URLS') };
      }
    }),
  );
}

/**
 * A real TURN allocation with credentials minted exactly as for a participant, over the URL's
 * own transport (UDP or TCP or TLS), released right after.
 */
export async function turnChecks(config: Config, options: DoctorOptions): Promise<CheckResult[]> {
  if (!config.turnSecret) return [];
  const secret = config.turnSecret;
  const now = options.now ?? Date.now;
  const probed = new Set<string>();
  const results = await Promise.all(
    config.turnUrls.map(async (raw): Promise<CheckResult[]> => {
      const url = parseIceUrl(raw);
      const title = `TURN ${raw}`;
      // Relay restrictions are the server's, not the transport's: probe them once per host and port.
      const server = hostPort(url);
      const peers = probed.has(server) ? [] : SENSITIVE_PEERS.filter((peer) => !(peer.private && isPrivateAddress(url.host)));
      probed.add(server);
      try {
        const fresh = mintTurnCredentials(secret, DOCTOR_USER, config.turnTtl, now());
        const result = await turnAllocate(
          url,
          { username: fresh.username, password: fresh.credential },
          {
            ...probeOptions(options),
            probePeers: peers.map((peer) => peer.address),
          },
        );
        if (result.ok) return [allocated(title, url, result), ...(peers.length > 0 ? [restrictions(server, result.permissions)] : [])];
        if (result.code === 401 && result.stage === 'authenticate') {
          // Wrong secret, or right secret but already expired by the TURN server's clock? A day-long
          // credential tells them apart.
          const long = mintTurnCredentials(secret, DOCTOR_USER, SKEW_PROBE_TTL, now());
          const retry = await turnAllocate(url, { username: long.username, password: long.credential }, probeOptions(options));
          if (retry.ok) {
            return [
              {
                title,
                status: 'fail',
                detail:
                  `TURN rejected the credentials as expired (401): credentials valid for PARLEY_TURN_TTL=${config.turnTtl} s ` +
                  `were refused, day-long ones accepted, so this machine's clock is behind the TURN server's by more than ${config.turnTtl} s.`,
                fix: 'Synchronise both clocks (e.g. `timedatectl set-ntp true` on each machine), or raise PARLEY_TURN_TTL.',
              },
            ];
          }
          return [
            {
              title,
              status: 'fail',
              detail: `TURN rejected the credentials (401 ${result.reason}): PARLEY_TURN_SECRET does not match coturn's static-auth-secret.`,
              fix:
                'Set PARLEY_TURN_SECRET to the value of static-auth-secret in turnserver.conf (which also needs use-auth-secret' +
                `${result.realm ? `; realm is "${result.realm}"` : ''}), then restart Parley.`,
            },
          ];
        }
        return [{ title, status: 'fail', ...explainRefusal(result) }];
      } catch (error) {
        return [{ title, status: 'fail', ...explainTransport(error, url, 'PARLEY_TURN_URLS') }];
      }
    }),
  );
  return results.flat();
}

/** Whether the TURN server refuses to relay to its own host, its networks and the metadata service. */
function restrictions(server: string, permissions: PeerPermission[]): CheckResult {
  const title = `TURN relay restrictions ${server}`;
  const allowed = permissions.filter((p) => p.allowed);
  if (allowed.length === 0) {
    return { title, status: 'ok', detail: `refuses to relay to ${permissions.map((p) => p.address).join(', ')} (403).` };
  }
  const named = allowed.map((p) => `${p.address} (${SENSITIVE_PEERS.find((s) => s.address === p.address)?.what ?? 'sensitive'})`);
  return {
    title,
    status: 'warn',
    detail: `coturn would relay to ${named.join(', ')}: anyone given TURN credentials can reach them through it.`,
    fix: 'Add the denied-peer-ip lines of deploy/coturn/turnserver.conf to turnserver.conf (and remove allow-loopback-peers), then restart coturn.',
  };
}

function allocated(title: string, url: IceUrl, result: Extract<AllocateResult, { ok: true }>): CheckResult {
  const detail =
    `allocated relay ${result.relayed.address}:${result.relayed.port} (lifetime ${result.lifetimeSeconds} s) ` +
    `with fresh credentials in ${Math.round(result.rttMs)} ms.`;
  // A relay on a private address behind a public TURN host: coturn is behind NAT without external-ip,
  // so it advertises an address nobody outside can send to.
  if (isPrivateAddress(result.relayed.address) && !isPrivateAddress(url.host) && url.host !== 'localhost') {
    return {
      title,
      status: 'warn',
      detail: `${detail} But the relay address is private, so peers outside this network cannot reach it.`,
      fix: `Set external-ip=<public IP>/${result.relayed.address} in turnserver.conf and restart coturn.`,
    };
  }
  return { title, status: 'ok', detail };
}

function explainRefusal(result: Extract<AllocateResult, { ok: false }>): Pick<CheckResult, 'detail' | 'fix'> {
  if (result.stage === 'challenge' && result.code === 0) {
    return {
      detail: `coturn ${result.reason}: anyone on the internet can relay through it.`,
      fix: 'Add use-auth-secret and static-auth-secret=<secret> to turnserver.conf (see deploy/coturn/turnserver.conf).',
    };
  }
  const known: Record<number, Pick<CheckResult, 'detail' | 'fix'>> = {
    403: {
      detail: `TURN refused the allocation (403 ${result.reason}).`,
      fix: 'coturn forbids this client: check denied-peer-ip/allowed-peer-ip and any user blacklist in turnserver.conf.',
    },
    437: {
      detail: `TURN says an allocation already exists for this connection (437 ${result.reason}).`,
      fix: 'Run doctor again; if it persists, restart coturn.',
    },
    486: {
      detail: `TURN allocation quota reached (486 ${result.reason}).`,
      fix: 'Raise user-quota and total-quota in turnserver.conf (each participant uses one allocation per peer and TURN URL).',
    },
    508: {
      detail: `TURN has no relay ports left (508 ${result.reason}).`,
      fix: 'Widen min-port/max-port in turnserver.conf, and open that UDP range in the firewall.',
    },
  };
  return (
    known[result.code] ?? {
      detail: `TURN answered ${result.code} ${result.reason} at the ${result.stage === 'challenge' ? 'first request' : 'authenticated request'}.`,
      fix: "Check coturn's log for this request; doctor expected a 401 challenge, then success.",
    }
  );
}

function explainTransport(error: unknown, url: IceUrl, setting: string): Pick<CheckResult, 'detail' | 'fix'> {
  const where = `${hostPort(url)}/${url.transport}`;
  if (!(error instanceof TransportError)) {
    return {
      detail: `${where}: ${(error as Error).message}`,
      fix: `Check that ${url.host} runs a STUN/TURN server (coturn) on that port.`,
    };
  }
  switch (error.kind) {
    case 'dns':
      return { detail: error.message, fix: `Correct the host name in ${setting}, or create its DNS record.` };
    case 'refused':
      return {
        detail: `nothing listens on ${where} (connection refused).`,
        fix: `Start coturn, or correct the port in ${setting} to coturn's listening-port${url.transport === 'tls' ? '/tls-listening-port' : ''}.`,
      };
    case 'timeout':
      return {
        detail: `no answer from ${where} within the timeout.`,
        fix:
          `Check that coturn runs on ${url.host}, that its listening-ip includes that address, and that the firewall allows ` +
          `${url.transport === 'udp' ? 'UDP' : 'TCP'} ${url.port} (and the relay range min-port..max-port over UDP).`,
      };
    case 'tls':
      return {
        detail: error.message,
        fix: 'Give coturn a certificate valid for this host name (cert= and pkey= in turnserver.conf); browsers refuse others on turns:.',
      };
    default:
      return { detail: error.message, fix: `Check that coturn runs on ${where}.` };
  }
}

function hostPort(url: IceUrl): string {
  return `${url.host.includes(':') ? `[${url.host}]` : url.host}:${url.port}`;
}

function probeOptions(options: DoctorOptions): { timeoutMs?: number } {
  return options.timeoutMs ? { timeoutMs: options.timeoutMs } : {};
}
