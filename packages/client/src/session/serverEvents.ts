import {
  SERVER_EVENT_NAMES,
  serverEvents,
  type ServerEventAck,
  type ServerEventName,
  type ServerEventPayload,
  type ServerEvents,
} from '@parley/protocol';
import type { z } from 'zod';

/** A typed handler per server event: the payload as validated, and the answer function when the server waits for one. */
export type ServerEventHandlers = {
  [E in ServerEventName]?: ServerEvents[E]['ack'] extends z.ZodType
    ? (payload: ServerEventPayload<E>, answer: (value: ServerEventAck<E>) => void) => void
    : (payload: ServerEventPayload<E>) => void;
};

/** The part of a socket.io client socket this needs. */
interface EventSource {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

type UntypedHandler = (payload: unknown, answer: unknown) => void;

/**
 * The SDK's one entry for what the server sends: each event is validated once, here, against
 * its row of the contract (`serverEvents`), and only then handed on, typed. A payload that does
 * not match is dropped and reported (a server and client of different versions, or something
 * in between): no handler ever sees an unchecked value.
 */
export function dispatchServerEvents(
  socket: EventSource,
  handlers: ServerEventHandlers,
  onInvalid: (event: ServerEventName) => void,
): void {
  for (const name of SERVER_EVENT_NAMES) {
    // The table is indexed by a name of the union here; the handler's type is the row's, by construction.
    const handler = handlers[name] as UntypedHandler | undefined;
    if (!handler) continue;
    const schema: z.ZodType = serverEvents[name].payload;
    socket.on(name, (payload: unknown, answer?: unknown) => {
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        onInvalid(name);
        return;
      }
      handler(parsed.data, answer);
    });
  }
}
