import { z } from 'zod';

/** W3C webrtc-pc §4.2.1 RTCIceServer, bounded. */
export const IceServerSchema = z.object({
  urls: z.union([z.string().max(512), z.array(z.string().max(512)).max(16)]),
  username: z.string().max(512).optional(),
  credential: z.string().max(512).optional(),
});
export type IceServer = z.infer<typeof IceServerSchema>;

/** RTCConfiguration.iceTransportPolicy: `relay` hides every address but the TURN server's (RFC 8828 mode 4). */
export const IceTransportPolicySchema = z.enum(['all', 'relay']);
export type IceTransportPolicy = z.infer<typeof IceTransportPolicySchema>;

/**
 * ICE servers for one participant. TURN credentials in them expire (TURN REST API), so
 * `ttlSeconds` says how long they last: the client asks for fresh ones before that.
 */
export const IceConfigSchema = z.object({
  iceServers: z.array(IceServerSchema).max(16),
  iceTransportPolicy: IceTransportPolicySchema,
  ttlSeconds: z.number().int().positive().optional(),
});
export type IceConfig = z.infer<typeof IceConfigSchema>;

/** Ask for fresh ICE servers (new TURN credentials) before the current ones expire. */
export const RefreshIceServersRequestSchema = z.strictObject({});
export type RefreshIceServersRequest = z.infer<typeof RefreshIceServersRequestSchema>;
