import fc from 'fast-check';
import { ERROR_CODES, MAX_MESSAGE_BYTES, clientRequests } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { validateClientMessage } from '../src/transport/validate.js';
import * as arb from '../../protocol/test/arbitraries.js';

const ack = (): void => undefined;
const RUNS = { numRuns: 500 };
const EVENTS = Object.keys(clientRequests);

/** A refusal is a ParleyError with a code from the union and a message for a person. */
function expectRefusal(result: ReturnType<typeof validateClientMessage>): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(ERROR_CODES).toContain(result.error.code);
  expect(result.error.message.length).toBeGreaterThan(0);
}

describe('validateClientMessage (the server middleware), as properties', () => {
  it('accepts every valid client message, with or without an ack', () => {
    const valid = fc.oneof(
      arb.joinRequest.map((payload) => ['join', payload] as const),
      arb.signalRequest.map((payload) => ['signal', payload] as const),
      fc.constant(['leave', {}] as const),
      fc.constant(['refresh-ice-servers', {}] as const),
    );
    fc.assert(
      fc.property(valid, fc.boolean(), ([event, payload], withAck) => {
        const result = validateClientMessage(event, withAck ? [payload, ack] : [payload]);
        expect(result.ok).toBe(true);
      }),
      RUNS,
    );
  });

  it('never throws on any event name and arguments, and refuses with a code whatever is invalid', () => {
    const event = fc.oneof(fc.constantFrom(...EVENTS, 'toString', '__proto__', 'constructor', ''), arb.hostile);
    fc.assert(
      fc.property(event, fc.array(arb.hostile, { maxLength: 4 }), (name, args) => {
        const result = validateClientMessage(name, args);
        if (!result.ok) expectRefusal(result);
        else expect(EVENTS).toContain(result.event);
      }),
      RUNS,
    );
  });

  it('refuses payloads over the size limit as message-too-large, whatever their shape', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EVENTS), fc.integer({ min: MAX_MESSAGE_BYTES + 1, max: 2 * MAX_MESSAGE_BYTES }), (event, size) => {
        const result = validateClientMessage(event, [{ padding: 'x'.repeat(size) }]);
        expectRefusal(result);
        expect(!result.ok && result.error.code).toBe('message-too-large');
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a valid message with a field wrongly typed or an unknown field added', () => {
    fc.assert(
      fc.property(arb.joinRequest, arb.signalRequest, fc.nat(), fc.boolean(), (join, signal, pick, addField) => {
        const [event, payload] = pick % 2 === 0 ? (['join', join] as const) : (['signal', signal] as const);
        const mutated: Record<string, unknown> = { ...payload };
        if (addField)
          mutated.from = 'AAAAAAAAAAAA'; // a client cannot name a sender
        else {
          const keys = Object.keys(mutated);
          const key = keys[pick % keys.length]!;
          mutated[key] = arb.wronglyTyped(mutated[key]);
        }
        expectRefusal(validateClientMessage(event, [mutated, ack]));
      }),
      RUNS,
    );
  });
});
