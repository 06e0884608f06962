import type { Config } from '../config.js';
import { coverageChecks, stunChecks, turnChecks } from './iceChecks.js';
import type { CheckResult, CheckStatus, DoctorOptions } from './types.js';
import { localCertificateCheck, publicUrlChecks, serverCheck } from './webChecks.js';

/**
 * Checks the configuration Parley runs with, end to end: STUN answers, TURN allocates with
 * freshly minted credentials over each configured transport, the public URL resolves and
 * reaches Parley, its certificate fits and is not about to expire. Every check runs at once;
 * each failure carries the exact fix.
 *
 * @example
 * const results = await runDoctor(loadConfig());
 * console.log(formatReport(results));
 */
export async function runDoctor(config: Config, options: DoctorOptions = {}): Promise<CheckResult[]> {
  const [server, stun, turn, publicUrl, certificate] = await Promise.all([
    serverCheck(config, options),
    stunChecks(config, options),
    turnChecks(config, options),
    publicUrlChecks(config, options),
    localCertificateCheck(config, options),
  ]);
  return [summary(config), server, ...coverageChecks(config), ...stun, ...turn, ...(certificate ? [certificate] : []), ...publicUrl];
}

function summary(config: Config): CheckResult {
  const parts = [
    `${config.stunUrls.length} STUN URL${config.stunUrls.length === 1 ? '' : 's'}`,
    `${config.turnUrls.length} TURN URL${config.turnUrls.length === 1 ? '' : 's'} (credentials for ${config.turnTtl} s)`,
    `ICE policy ${config.iceTransportPolicy}`,
    config.https ? (config.tlsCert ? 'HTTPS (given certificate)' : 'HTTPS (self-signed)') : 'HTTP',
  ];
  return { title: 'Configuration', status: 'ok', detail: `${parts.join(', ')}.` };
}

const SYMBOL: Record<CheckStatus, string> = { ok: '✓', warn: '!', fail: '✗', skip: '-' };
const COLOR: Record<CheckStatus, string> = { ok: '\u001b[32m', warn: '\u001b[33m', fail: '\u001b[31m', skip: '\u001b[90m' };

/** The report a person reads: one line per check, the finding, and for problems the fix. */
export function formatReport(results: readonly CheckResult[], options: { color?: boolean } = {}): string {
  const paint = (status: CheckStatus, text: string): string => (options.color ? `${COLOR[status]}${text}\u001b[0m` : text);
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`${paint(result.status, SYMBOL[result.status])} ${result.title}`);
    lines.push(`    ${result.detail}`);
    if (result.fix && (result.status === 'warn' || result.status === 'fail')) lines.push(`    Fix: ${result.fix}`);
  }
  const count = (status: CheckStatus): number => results.filter((r) => r.status === status).length;
  lines.push('');
  lines.push(`Summary: ${count('ok')} ok, ${count('warn')} warning${count('warn') === 1 ? '' : 's'}, ${count('fail')} failed.`);
  return lines.join('\n');
}

export function hasFailures(results: readonly CheckResult[]): boolean {
  return results.some((result) => result.status === 'fail');
}
