import { z } from 'zod';

/**
 * SFU settings (issue 8), read from the environment by config.ts like every other block.
 * Without Janus URLs Parley is mesh-only and these caps do not apply.
 */
export const sfuConfigShape = {
  /** Janus WebSocket API URLs (`ws://` or `wss://`); rooms go to the least-loaded one. */
  janusUrls: z.array(z.string()).superRefine((urls, ctx) => {
    for (const url of urls) {
      if (!/^wss?:\/\/[^\s/]+(\/\S*)?$/.test(url)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${url}" is not a Janus WebSocket URL: write ws://10.0.0.5:8188 (the websockets transport's ws_port)`,
        });
      }
    }
  }),
  /** People per room once an SFU is configured (the room moves to it past `meshMax`). */
  sfuMaxParticipants: z.coerce.number().int().min(2).max(1000),
  /** Largest room that stays peer to peer; one more and it moves to the SFU. */
  meshMax: z.coerce.number().int().min(2).max(1000),
};

export type SfuConfig = { [K in keyof typeof sfuConfigShape]: z.infer<(typeof sfuConfigShape)[K]> };

export const SFU_SETTING_NAMES: Record<keyof SfuConfig, string> = {
  janusUrls: 'PARLEY_JANUS_URLS, --janus',
  sfuMaxParticipants: 'PARLEY_SFU_MAX_PARTICIPANTS',
  meshMax: 'PARLEY_MESH_MAX',
};

/**
 * The raw (unvalidated) SFU settings, with their defaults. `--janus` flags (each one URL or a
 * comma-separated list) win over PARLEY_JANUS_URLS, like every other flag.
 */
export function readSfu(env: NodeJS.ProcessEnv, janusFlags?: readonly string[]): Record<keyof SfuConfig, unknown> {
  return {
    janusUrls: (janusFlags?.join(',') ?? env.PARLEY_JANUS_URLS ?? '')
      .split(',')
      .map((url) => url.trim())
      .filter(Boolean),
    sfuMaxParticipants: env.PARLEY_SFU_MAX_PARTICIPANTS || 50,
    meshMax: env.PARLEY_MESH_MAX || 4,
  };
}
