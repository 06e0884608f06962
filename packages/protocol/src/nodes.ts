import { z } from 'zod';

/**
 * `GET /api/nodes`: where the nodes of a deployment (several nodes sharing Redis) are reached,
 * the answering node first. A client moves to another one when its node dies.
 */
export const NodeListSchema = z.strictObject({ urls: z.array(z.url({ protocol: /^https?$/ })).max(64) });
export type NodeList = z.infer<typeof NodeListSchema>;
