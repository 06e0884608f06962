/** `ok`: works. `warn`: works, but some people or some day it will not. `fail`: broken now. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  /** What was checked, e.g. `TURN turn:turn.example.org:3478?transport=udp`. */
  title: string;
  status: CheckStatus;
  /** What was found, in one or two sentences. */
  detail: string;
  /** For `warn` and `fail`: exactly what to change. */
  fix?: string;
}

export interface DoctorOptions {
  /** The clock credentials are minted with (tests skew it to mint expired ones). */
  now?: () => number;
  /** Per network request, in ms. */
  timeoutMs?: number;
  /** Where the running Parley answers; defaults to the configured host and port. */
  serverUrl?: string;
}
