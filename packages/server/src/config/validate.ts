import { z } from 'zod';
import { isSettingKey, settingNames } from './read.js';
import type { SettingGroup } from './setting.js';
import { SETTINGS, type SettingKey, type Settings } from './settings.js';

type Shape = { [K in SettingKey]: Settings[K]['schema'] };

/** Each setting's own schema, by key: the shape of the configuration object. */
function shapeOfSettings(): Shape {
  const entries = Object.entries(SETTINGS).map(([key, entry]) => [key, entry.schema] as const);
  // Object.fromEntries forgets which schema belongs to which key; the entries come from SETTINGS itself.
  return Object.fromEntries(entries) as Shape;
}

const names = (key: SettingKey): string => SETTINGS[key].env;

/**
 * The configuration as a whole: each setting's schema plus the rules that span settings. Each
 * rule's message names the variable to set, as a person fixing it would need.
 */
export const ConfigSchema = z.object(shapeOfSettings()).superRefine((config, ctx) => {
  const problem = (path: SettingKey, message: string): void => ctx.addIssue({ code: 'custom', path: [path], message });
  if (config.recordingsDir && config.janusUrls.length === 0) {
    problem('recordingsDir', `needs SFU mode: recordings are made by Janus, so set ${names('janusUrls')} too`);
  }
  if (config.janusUrls.length > 0 && config.meshMax >= config.sfuMaxParticipants) {
    problem('meshMax', `must be below ${names('sfuMaxParticipants')} (${config.sfuMaxParticipants}), or no room ever moves to the SFU`);
  }
  if (config.turnUrls.length > 0 && !config.turnSecret) {
    problem('turnSecret', "is required when TURN URLs are set (the same value as coturn's static-auth-secret)");
  }
  if (config.iceTransportPolicy === 'relay' && config.turnUrls.length === 0) {
    problem('iceTransportPolicy', `"relay" needs a TURN server: set ${names('turnUrls')} and ${names('turnSecret')}`);
  }
  if (config.redisUrl && !config.secret) {
    // Every node must verify the resume tokens the others issued, or a client moving to
    // another node rejoins as someone new. Not generated and shared through Redis: whoever can
    // read Redis could then forge tokens, and the secret would vanish with a Redis restart.
    problem('secret', `is required with ${names('redisUrl')}: give every node the same value (openssl rand -hex 32)`);
  }
  if ((config.tlsCert === undefined) !== (config.tlsKey === undefined)) {
    problem(config.tlsCert ? 'tlsKey' : 'tlsCert', 'give both the certificate and its key, or neither (a self-signed one is generated)');
  }
});

export type Config = z.infer<typeof ConfigSchema>;

type KeysIn<G extends SettingGroup> = { [K in SettingKey]: Settings[K]['group'] extends G ? K : never }[SettingKey];

/** The settings of one group, for the module that uses only those: `ConfigOf<'Limits'>`. */
export type ConfigOf<G extends SettingGroup> = Pick<Config, KeysIn<G>>;

/** The protective limits and the shutdown bound. */
export type LimitsConfig = ConfigOf<'Limits'>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Validates the raw settings as a whole, so a typo is reported with every other mistake at once,
 * each naming the setting and how to set it: `port (PORT, --port): …`.
 */
export function validateSettings(raw: unknown): Config {
  const parsed = ConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path[0];
    if (key === undefined || !isSettingKey(key)) return `  (config): ${issue.message}`;
    return `  ${key} (${settingNames(key)}): ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}
