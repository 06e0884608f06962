import type { HouseholdOptions } from './NetLab.js';

/** Two people's networks, and what Parley should make of them. */
export interface LabScenario {
  readonly description: string;
  /** Ana's and Ben's households. */
  readonly households: readonly [HouseholdOptions, HouseholdOptions];
  /** Whether coturn runs beside Parley (and Parley hands out its URLs). */
  readonly turn: boolean;
}

/** The networks people call from (see docs/NETWORK-LAB.md); `npm run lab -- <name>` builds one. */
export const LAB_SCENARIOS = {
  'eim-nat': {
    description: 'both at home behind endpoint-independent NATs: a direct path (server-reflexive), no relay',
    households: [{ nat: 'endpoint-independent' }, { nat: 'endpoint-independent' }],
    turn: true,
  },
  'symmetric-nat': {
    description: 'both behind symmetric NATs: no direct path, the relay (TURN) carries the call',
    households: [{ nat: 'symmetric' }, { nat: 'symmetric' }],
    turn: true,
  },
  'symmetric-no-turn': {
    description: 'both behind symmetric NATs and no TURN configured: no path at all',
    households: [{ nat: 'symmetric' }, { nat: 'symmetric' }],
    turn: false,
  },
  'udp-blocked': {
    description: 'Ben on a network that blocks UDP: TURN over TCP',
    households: [{ nat: 'endpoint-independent' }, { udpBlocked: true }],
    turn: true,
  },
  'loss-5': { description: 'Ben on a link that loses 5 % of packets', households: [{}, { lossPercent: 5 }], turn: true },
  'loss-10': { description: 'Ben on a link that loses 10 % of packets', households: [{}, { lossPercent: 10 }], turn: true },
  'loss-20': { description: 'Ben on a link that loses 20 % of packets', households: [{}, { lossPercent: 20 }], turn: true },
  'rate-300': { description: 'Ben on a 300 kbit/s link', households: [{}, { rateKbit: 300 }], turn: true },
  'rate-1000': { description: 'Ben on a 1 Mbit/s link', households: [{}, { rateKbit: 1000 }], turn: true },
  'rate-120': {
    description: 'Ben on a 120 kbit/s link: too slow for any picture, video pauses',
    households: [{}, { rateKbit: 120 }],
    turn: true,
  },
  'delay-150': {
    description: 'Ben far away: 150 ms each way on his line, ± 30 ms jitter (a user-space delay line)',
    households: [{}, { delayMs: 150, jitterMs: 30 }],
    turn: true,
  },
  'cpu-20': { description: 'Ben on a starved laptop: his browser gets 20 % of one core', households: [{}, { cpuPercent: 20 }], turn: true },
} as const satisfies Record<string, LabScenario>;

export type LabScenarioName = keyof typeof LAB_SCENARIOS;
