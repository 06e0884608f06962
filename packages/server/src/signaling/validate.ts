import { MAX_MESSAGE_BYTES, ParleyError, clientRequests, isRequestName, type RequestName } from '@parley/protocol';

export type ValidationResult = { ok: true; event: RequestName; payload: unknown } | { ok: false; error: ParleyError };

/** A printable, bounded event name for error messages and logs. */
export function describeEvent(event: unknown): string {
  return typeof event === 'string' ? event.slice(0, 64) : typeof event;
}

/**
 * Checks one incoming socket.io event against the wire contract: known event name,
 * JSON size within `maxBytes` (MAX_MESSAGE_BYTES unless configured), payload matching its zod schema. Returns the parsed
 * payload (unknown keys rejected by strict schemas) so handlers only ever see valid data.
 */
export function validateClientMessage(event: unknown, args: unknown[], maxBytes: number = MAX_MESSAGE_BYTES): ValidationResult {
  if (!isRequestName(event)) {
    return {
      ok: false,
      error: new ParleyError('unknown-event', `Unknown event "${describeEvent(event)}".`),
    };
  }
  const name = event;
  const payloadArgs = args.filter((arg) => typeof arg !== 'function');
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(payloadArgs) ?? '');
  } catch {
    return { ok: false, error: ParleyError.invalidMessage(name, 'payload is not JSON') };
  }
  if (bytes > maxBytes) {
    return { ok: false, error: ParleyError.tooLarge(name, bytes, maxBytes) };
  }
  if (payloadArgs.length !== 1) {
    return { ok: false, error: ParleyError.invalidMessage(name, `expected 1 payload, got ${payloadArgs.length}`) };
  }
  const parsed = clientRequests[name].payload.safeParse(payloadArgs[0]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, error: ParleyError.invalidMessage(name, `${where}${issue?.message ?? 'invalid'}`) };
  }
  return { ok: true, event: name, payload: parsed.data };
}
