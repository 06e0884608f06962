import type { z } from 'zod';
import type { Ack } from '../primitives.js';
import type { ClientRequests, RequestName } from './requests.js';
import type { ServerEventName, ServerEvents } from './events.js';

/**
 * socket.io typed event maps, derived from the two tables: `Server<ClientToServerEvents,
 * ServerToClientEvents>` on the server and `Socket<ServerToClientEvents, ClientToServerEvents>`
 * on the client, so a wrong payload fails to compile on either side.
 */
export type ClientToServerEvents = {
  [E in RequestName]: ClientRequests[E]['ack'] extends z.ZodType
    ? (payload: z.input<ClientRequests[E]['payload']>, ack: (result: Ack<z.output<ClientRequests[E]['ack']>>) => void) => void
    : (payload: z.input<ClientRequests[E]['payload']>) => void;
};

export type ServerToClientEvents = {
  [E in ServerEventName]: ServerEvents[E]['ack'] extends z.ZodType
    ? (payload: z.input<ServerEvents[E]['payload']>, ack: (answer: z.output<ServerEvents[E]['ack']>) => void) => void
    : (payload: z.input<ServerEvents[E]['payload']>) => void;
};
