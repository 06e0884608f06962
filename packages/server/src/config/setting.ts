import type { z } from 'zod';

/** The sections settings are listed under in `--help` and in the README's configuration table. */
export const SETTING_GROUPS = [
  'Server',
  'HTTPS on your network',
  'Calls across networks: STUN and TURN',
  'Access',
  'Several nodes',
  'Limits',
  'Large rooms: SFU and recording',
] as const;

export type SettingGroup = (typeof SETTING_GROUPS)[number];

export interface SettingFlag {
  /** `--name` on the command line. */
  name: string;
  /** One-letter alias: `-p`. */
  short?: string;
  /** Placeholder shown in help (`--port N`); absent for a switch that takes no value (`--https`). */
  value?: string;
  /** May be given more than once; the values join into one list. */
  multiple?: boolean;
}

/**
 * A setting's raw value by key (flag, else environment variable, else its default), for a
 * default that depends on another setting: `host` listens on the network when `https` is on.
 */
export type RawLookup = (key: string) => unknown;

/**
 * One setting, declared once: everything else (parsing, defaults, validation, error messages,
 * `--help`, the README table) is derived from these fields.
 */
export interface Setting<S extends z.ZodType = z.ZodType> {
  group: SettingGroup;
  /** Environment variable. Every setting has one. */
  env: string;
  /** Command-line flag, if any. Secrets have none: a command line shows up in `ps`. */
  flag?: SettingFlag;
  /** Validates (and coerces) the raw text of the flag or variable, or the default. */
  schema: S;
  /** Used when neither flag nor variable is given; absent for a setting that is off until set. */
  default?: z.output<S>;
  /** A default worked out from other settings or from the machine; wins over `default`. */
  defaultFrom?: (raw: RawLookup) => z.output<S>;
  /** How the default reads in help and the README, when the value alone would not say it. */
  defaultText?: string;
  /** One line for people (Markdown code spans allowed; shown as plain text in `--help`). */
  description: string;
  /** Where the README's table points for more: a path relative to the repository root. */
  more?: { title: string; href: string };
}

/**
 * Declares a setting. Only here for the types: each entry's `default` is checked against its own
 * schema, and its group stays a literal so that a group's settings can be picked out as a type.
 */
export function setting<S extends z.ZodType, const G extends SettingGroup>(spec: Setting<S> & { group: G }): Setting<S> & { group: G } {
  return spec;
}
