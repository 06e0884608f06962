import { MAX_MESSAGE_BYTES, ParleyError, isRequestName, requestSchemas, type RequestName, type RequestPayload } from '@parley/protocol';
import type { z } from 'zod';

/** A printable, bounded event name for error messages and logs. */
export function describeEvent(event: unknown): string {
  return typeof event === 'string' ? event.slice(0, 64) : typeof event;
}

export type Envelope = { ok: true; event: RequestName; raw: unknown; bytes: number } | { ok: false; error: ParleyError };

/**
 * The checks every incoming socket.io event passes before its payload is looked at: a name the
 * contract knows, a JSON encoding within `maxBytes`, exactly one payload (and at most an ack).
 */
export function checkEnvelope(event: unknown, args: unknown[], maxBytes: number = MAX_MESSAGE_BYTES): Envelope {
  if (!isRequestName(event)) {
    return { ok: false, error: new ParleyError('unknown-event', `Unknown event "${describeEvent(event)}".`) };
  }
  const payloadArgs = args.filter((arg) => typeof arg !== 'function');
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(payloadArgs) ?? '');
  } catch {
    return { ok: false, error: ParleyError.invalidMessage(event, 'payload is not JSON') };
  }
  if (bytes > maxBytes) return { ok: false, error: ParleyError.tooLarge(event, bytes, maxBytes) };
  if (payloadArgs.length !== 1) {
    return { ok: false, error: ParleyError.invalidMessage(event, `expected 1 payload, got ${payloadArgs.length}`) };
  }
  return { ok: true, event, raw: payloadArgs[0], bytes };
}

/** The payload of `event`, parsed by its schema in the contract (unknown keys refused), or an `invalid-message` refusal. */
export function parsePayload<E extends RequestName>(event: E, raw: unknown): RequestPayload<E> {
  return parseWith(requestSchemas[event].payload, event, raw);
}

function parseWith<T>(schema: z.ZodType<T>, event: string, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw ParleyError.invalidMessage(event, `${where}${issue?.message ?? 'invalid'}`);
}

export type ValidationResult = { ok: true; event: RequestName; payload: unknown } | { ok: false; error: ParleyError };

/** Envelope and payload checks together, as the router applies them (used by the property tests). */
export function validateClientMessage(event: unknown, args: unknown[], maxBytes: number = MAX_MESSAGE_BYTES): ValidationResult {
  const envelope = checkEnvelope(event, args, maxBytes);
  if (!envelope.ok) return envelope;
  try {
    return { ok: true, event: envelope.event, payload: parsePayload(envelope.event, envelope.raw) };
  } catch (error) {
    return { ok: false, error: error instanceof ParleyError ? error : ParleyError.invalidMessage(envelope.event, 'invalid') };
  }
}
