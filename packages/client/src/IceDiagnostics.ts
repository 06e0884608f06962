import { ParleyError, isParleyError } from '@parley/protocol';

/** The fields of an RTCPeerConnectionIceErrorEvent (webrtc-pc §4.8.3) this module reads. */
export interface IceCandidateErrorLike {
  errorCode: number;
  errorText?: string;
  url?: string;
}

/** STUN error codes that mean the TURN server refused the credentials (RFC 8489 §14.8, RFC 8656). */
const CREDENTIAL_CODES = new Set([401, 431, 441]);

/**
 * Turns the browser's `icecandidateerror` for a TURN server into a ParleyError a person can act
 * on, once per reason until the link connects again (the browser repeats them on every attempt).
 * Errors of STUN servers are ignored: without one a call still connects through TURN or locally.
 *
 * @example
 * pc.onicecandidateerror = (event) => {
 *   const problem = reporter.report(event);
 *   if (problem) emit('error', problem); // ParleyError 'turn-credentials-rejected'
 * };
 */
export class TurnErrorReporter {
  readonly #reported = new Set<string>();

  report(event: IceCandidateErrorLike): ParleyError | null {
    const problem = turnProblem(event);
    if (!problem || this.#reported.has(problem.code)) return null;
    this.#reported.add(problem.code);
    return problem;
  }

  /** The link connected: report the next failure again. */
  reset(): void {
    this.#reported.clear();
  }
}

export function turnProblem(event: IceCandidateErrorLike): ParleyError | null {
  const url = event.url ?? '';
  if (!/^turns?:/i.test(url)) return null;
  const code = Number(event.errorCode) || 0;
  const text = (event.errorText ?? '').slice(0, 200);
  const details = { url: url.slice(0, 256), status: code };
  if (CREDENTIAL_CODES.has(code)) {
    return new ParleyError(
      'turn-credentials-rejected',
      `Could not connect through the relay server (TURN) ${url}: it refused the credentials (${code}${text ? ` ${text}` : ''}). ` +
        `The server admin should check that PARLEY_TURN_SECRET matches coturn's static-auth-secret and that both clocks are right; \`npm run doctor\` tells which.`,
      { details },
    );
  }
  return new ParleyError(
    'turn-unreachable',
    `Could not connect through the relay server (TURN) ${url} (${code}${text ? ` ${text}` : ''}). ` +
      `It may be down or blocked by a firewall; the server admin can run \`npm run doctor\` to check.`,
    { details },
  );
}

/**
 * A link's ICE failed (RFC 8445 §8.1: every candidate pair failed) with no TURN server in its
 * configuration: no direct path exists between the two networks (a symmetric NAT or a firewall
 * on either side) and there is no relay to fall back on. Only whoever runs the server can fix it.
 */
export function relayNeeded(): ParleyError {
  return new ParleyError(
    'relay-needed',
    'No connection could be made: the two networks block a direct call, and this server gives out no relay server (TURN) to carry it. ' +
      'The server admin must set up TURN (PARLEY_TURN_URLS and PARLEY_TURN_SECRET); `npm run doctor` checks it.',
  );
}

/** Whether any of a configuration's ICE servers is a relay (`turn:` or `turns:`). */
export function hasRelay(iceServers: readonly RTCIceServer[] | undefined): boolean {
  return (iceServers ?? []).some((server) =>
    (Array.isArray(server.urls) ? server.urls : [server.urls]).some((url) => /^turns?:/i.test(url)),
  );
}

/**
 * The relay problem a person should see now, for the whole room: the latest TURN failure of any
 * link, kept until every link is connected again. Refused credentials outrank "unreachable": they
 * are the more specific reason and what an admin must fix. It is state, not only an event, so a
 * view that starts listening after the failure (a call screen mounting after join) still shows it.
 */
export class RelayProblem {
  #current: ParleyError | null = null;

  get current(): ParleyError | null {
    return this.#current;
  }

  /** A link reported an error; true when the problem shown changed. */
  report(error: unknown): boolean {
    if (!isParleyError(error) || !RELAY_CODES.has(error.code)) return false;
    if (this.#current?.code === 'turn-credentials-rejected') return false;
    this.#current = error;
    return true;
  }

  /** Links changed state; with all of them connected the problem is over. True when it cleared. */
  settle(allConnected: boolean): boolean {
    if (!allConnected || !this.#current) return false;
    this.#current = null;
    return true;
  }
}

const RELAY_CODES: ReadonlySet<string> = new Set(['turn-credentials-rejected', 'turn-unreachable', 'relay-needed']);
