import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ChatHistoryEntrySchema,
  ChatWireSchema,
  DisplayNameSchema,
  ErrorPayloadSchema,
  FileDescriptionSchema,
  FileWireSchema,
  IceCandidateSchema,
  IceConfigSchema,
  IceServerSchema,
  JoinRequestSchema,
  JoinSnapshotSchema,
  LeaveRequestSchema,
  ParticipantIdSchema,
  ParticipantInfoSchema,
  ParticipantLeftSchema,
  RefreshIceServersRequestSchema,
  RejectedSchema,
  RoomIdSchema,
  ServerShutdownSchema,
  SessionDescriptionSchema,
  SignalMessageSchema,
  SignalRequestSchema,
  TransferIdSchema,
} from '../src/index.js';
import * as arb from './arbitraries.js';

/**
 * Every validator of the wire contract, with a generator of valid values. `strict`: unknown
 * keys are refused (client → server messages and data-channel messages); the others strip them.
 */
const validators: Array<{ name: string; schema: z.ZodType; valid: fc.Arbitrary<unknown>; strict: boolean }> = [
  { name: 'RoomId', schema: RoomIdSchema, valid: arb.roomId, strict: false },
  { name: 'ParticipantId', schema: ParticipantIdSchema, valid: arb.participantId, strict: false },
  { name: 'TransferId', schema: TransferIdSchema, valid: arb.transferId, strict: false },
  { name: 'DisplayName', schema: DisplayNameSchema, valid: arb.displayName, strict: false },
  { name: 'ParticipantInfo', schema: ParticipantInfoSchema, valid: arb.participantInfo, strict: false },
  { name: 'ErrorPayload', schema: ErrorPayloadSchema, valid: arb.errorPayload, strict: false },
  { name: 'IceServer', schema: IceServerSchema, valid: arb.iceServer, strict: false },
  { name: 'IceConfig', schema: IceConfigSchema, valid: arb.iceConfig, strict: false },
  { name: 'SessionDescription', schema: SessionDescriptionSchema, valid: arb.sessionDescription, strict: true },
  { name: 'IceCandidate', schema: IceCandidateSchema, valid: arb.iceCandidate, strict: true },
  { name: 'JoinRequest', schema: JoinRequestSchema, valid: arb.joinRequest, strict: true },
  { name: 'LeaveRequest', schema: LeaveRequestSchema, valid: fc.constant({}), strict: true },
  { name: 'RefreshIceServersRequest', schema: RefreshIceServersRequestSchema, valid: fc.constant({}), strict: true },
  { name: 'SignalRequest', schema: SignalRequestSchema, valid: arb.signalRequest, strict: true },
  { name: 'JoinSnapshot', schema: JoinSnapshotSchema, valid: arb.joinSnapshot, strict: false },
  { name: 'SignalMessage', schema: SignalMessageSchema, valid: arb.signalMessage, strict: true },
  { name: 'ParticipantLeft', schema: ParticipantLeftSchema, valid: arb.participantLeft, strict: false },
  { name: 'Rejected', schema: RejectedSchema, valid: arb.rejected, strict: false },
  { name: 'ServerShutdown', schema: ServerShutdownSchema, valid: arb.serverShutdown, strict: false },
  { name: 'ChatWire', schema: ChatWireSchema, valid: arb.chatWire, strict: true },
  { name: 'ChatHistoryEntry', schema: ChatHistoryEntrySchema, valid: arb.chatHistoryEntry, strict: true },
  { name: 'FileDescription', schema: FileDescriptionSchema, valid: arb.fileDescription, strict: true },
  { name: 'FileWire', schema: FileWireSchema, valid: arb.fileWire, strict: true },
];

const RUNS = { numRuns: 300 };

/** A refusal names what is wrong: at least one issue, each with a zod issue code. */
function expectRefusal(result: z.ZodSafeParseResult<unknown>): void {
  expect(result.success).toBe(false);
  if (result.success) return;
  expect(result.error.issues.length).toBeGreaterThan(0);
  for (const issue of result.error.issues) expect(typeof issue.code).toBe('string');
}

describe.each(validators)('$name', ({ schema, valid, strict }) => {
  it('accepts every valid value', () => {
    fc.assert(
      fc.property(valid, (value) => {
        const result = schema.safeParse(value);
        if (!result.success) throw new Error(JSON.stringify(result.error.issues));
      }),
      RUNS,
    );
  });

  it('never throws on arbitrary input, and refuses with an issue code whatever it does not accept', () => {
    fc.assert(
      fc.property(arb.hostile, (value) => {
        const result = schema.safeParse(value);
        if (!result.success) expectRefusal(result);
      }),
      RUNS,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a valid value with one field removed or wrongly typed', () => {
    fc.assert(
      fc.property(valid, fc.nat(), fc.boolean(), (value, pick, remove) => {
        if (typeof value !== 'object' || value === null) {
          expectRefusal(schema.safeParse(arb.wronglyTyped(value)));
          return;
        }
        const keys = Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined);
        if (keys.length === 0) return;
        const key = keys[pick % keys.length]!;
        const mutated: Record<string, unknown> = { ...(value as Record<string, unknown>) };
        const required = !schema.safeParse({ ...mutated, [key]: undefined }).success;
        if (remove && required) {
          delete mutated[key];
        } else {
          mutated[key] = arb.wronglyTyped(mutated[key]);
        }
        expectRefusal(schema.safeParse(mutated));
      }),
      RUNS,
    );
  });

  if (strict) {
    it('refuses an unknown field', () => {
      fc.assert(
        fc.property(valid, fc.string({ minLength: 1, maxLength: 16 }), (value, extra) => {
          fc.pre(typeof value === 'object' && value !== null && !Object.hasOwn(value, extra));
          expectRefusal(schema.safeParse({ ...value, [extra]: 'x' }));
        }),
        RUNS,
      );
    });
  }
});
