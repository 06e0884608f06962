import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { setting } from './setting.js';
import {
  LOG_LEVELS,
  defaultWebRoot,
  hmacSecret,
  iceUrls,
  janusUrls,
  listSchema,
  parseBoolean,
  switchSchema,
  wholeNumber,
} from './values.js';

const OPERATING = 'docs/OPERATING.md';

/**
 * Every setting of the Parley server, in the order `--help` and the README list them.
 * To add one: add an entry here (and read it where it is used); its flag, variable, default,
 * validation, error messages, help line and README row follow from the entry, and
 * `npm run docs:config` rewrites the README table.
 */
export const SETTINGS = {
  port: setting({
    group: 'Server',
    env: 'PORT',
    flag: { name: 'port', short: 'p', value: 'N' },
    schema: wholeNumber(0, 65535),
    default: 3000,
    description: 'HTTP port (`0` picks a free one)',
  }),
  host: setting({
    group: 'Server',
    env: 'HOST',
    flag: { name: 'host', value: 'ADDR' },
    schema: z.string().min(1),
    // HTTPS is how other devices on the network get a camera, so it listens on the LAN by default.
    defaultFrom: (raw) => (parseBoolean(raw('https')) === true ? '0.0.0.0' : 'localhost'),
    defaultText: '`localhost`; `0.0.0.0` with HTTPS',
    description: 'Bind address. `0.0.0.0` accepts other devices on your network',
  }),
  maxParticipants: setting({
    group: 'Server',
    env: 'PARLEY_MAX_PARTICIPANTS',
    flag: { name: 'max-participants', value: 'N' },
    schema: wholeNumber(2, 1000),
    default: 6,
    description: 'People per room (2–1000); the next one sees "Room is full (6/6)"',
  }),
  departureGrace: setting({
    group: 'Server',
    env: 'PARLEY_DEPARTURE_GRACE',
    flag: { name: 'departure-grace', value: 'SECONDS' },
    schema: z.coerce.number().min(0.5).max(300),
    default: 10,
    description:
      'Seconds someone whose connection went silent (network lost, phone asleep, page stalled) stays in the room; back within it, nobody sees them leave. A connection closed without a goodbye (the browser gone) is kept at most 2 s; leaving and closing the tab are seen at once',
  }),
  webRoot: setting({
    group: 'Server',
    env: 'PARLEY_WEB_ROOT',
    flag: { name: 'web-root', value: 'DIR' },
    schema: z.string().min(1),
    defaultFrom: defaultWebRoot,
    defaultText: '`packages/web/dist`',
    description: 'Folder of the built web app',
  }),
  logLevel: setting({
    group: 'Server',
    env: 'PARLEY_LOG_LEVEL',
    flag: { name: 'log-level', value: 'LEVEL' },
    schema: z.enum(LOG_LEVELS),
    default: 'info',
    description: `${LOG_LEVELS.slice(0, -1)
      .map((level) => `\`${level}\``)
      .join(', ')} or \`silent\` (pino's levels)`,
  }),
  allowedOrigins: setting({
    group: 'Server',
    env: 'PARLEY_ALLOWED_ORIGINS',
    schema: listSchema(z.array(z.url())),
    default: [],
    description: "Comma-separated extra origins allowed to open signaling connections (for embedding); the page's own origin always is",
  }),
  allowedHosts: setting({
    group: 'Server',
    env: 'PARLEY_ALLOWED_HOSTS',
    schema: listSchema(z.array(z.string().min(1))),
    default: [],
    description:
      "Comma-separated extra host names the server answers to. Always allowed: IP addresses, `localhost`, this machine's name and `<name>.local`, the hosts of PARLEY_PUBLIC_URL, PARLEY_ALLOWED_ORIGINS and the other nodes; any other name gets 421 (a defence against DNS rebinding)",
  }),
  publicUrl: setting({
    group: 'Server',
    env: 'PARLEY_PUBLIC_URL',
    flag: { name: 'public-url', value: 'URL' },
    schema: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    description: 'The address people open (behind a proxy or DNS name): checked by doctor, linked from http:// pages',
  }),

  https: setting({
    group: 'HTTPS on your network',
    env: 'PARLEY_HTTPS',
    flag: { name: 'https' },
    schema: switchSchema(),
    // A certificate given means HTTPS.
    defaultFrom: (raw) => raw('tlsCert') !== undefined && raw('tlsKey') !== undefined,
    defaultText: 'off; on with a certificate and key',
    description:
      'Serve over TLS (`1`/`0`, `true`/`false`, `yes`/`no`, `on`/`off`); listens on the network (`0.0.0.0`) unless `HOST` is set',
  }),
  tlsCert: setting({
    group: 'HTTPS on your network',
    env: 'PARLEY_TLS_CERT',
    flag: { name: 'tls-cert', value: 'FILE' },
    schema: z.string().min(1).optional(),
    defaultText: 'generated',
    description: 'PEM certificate; without it and its key a self-signed one is generated once into the data folder',
  }),
  tlsKey: setting({
    group: 'HTTPS on your network',
    env: 'PARLEY_TLS_KEY',
    flag: { name: 'tls-key', value: 'FILE' },
    schema: z.string().min(1).optional(),
    defaultText: 'generated',
    description: 'PEM key of that certificate: give both or neither',
  }),
  dataDir: setting({
    group: 'HTTPS on your network',
    env: 'PARLEY_DATA_DIR',
    flag: { name: 'data-dir', value: 'DIR' },
    schema: z
      .string()
      .min(1)
      .transform((dir) => resolve(dir)),
    default: '.parley',
    description:
      'Where state that must survive a restart is kept: the generated certificate (`tls/cert.pem`, `tls/key.pem`, key mode 0600)',
  }),

  stunUrls: setting({
    group: 'Calls across networks: STUN and TURN',
    env: 'PARLEY_STUN_URLS',
    flag: { name: 'stun-urls', value: 'URLS' },
    schema: listSchema(iceUrls(['stun', 'stuns'])),
    default: [],
    description: 'STUN servers, comma-separated: `stun:host:3478` (RFC 7064)',
  }),
  turnUrls: setting({
    group: 'Calls across networks: STUN and TURN',
    env: 'PARLEY_TURN_URLS',
    flag: { name: 'turn-urls', value: 'URLS' },
    schema: listSchema(iceUrls(['turn', 'turns'])),
    default: [],
    description:
      'TURN servers, comma-separated (RFC 7065): `turn:host:3478?transport=udp,turn:host:3478?transport=tcp,turns:host:443?transport=tcp`',
    more: { title: 'TURN', href: `${OPERATING}#calls-across-networks-turn` },
  }),
  turnSecret: setting({
    group: 'Calls across networks: STUN and TURN',
    env: 'PARLEY_TURN_SECRET',
    flag: { name: 'turn-secret', value: 'SECRET' },
    schema: z.string().min(16, 'must be at least 16 characters (use 32 random bytes: openssl rand -hex 32)').optional(),
    description:
      "coturn's `static-auth-secret` (16+ characters); required with TURN URLs; never sent to a page. Prefer the variable: a flag shows up in `ps`",
  }),
  turnTtl: setting({
    group: 'Calls across networks: STUN and TURN',
    env: 'PARLEY_TURN_TTL',
    flag: { name: 'turn-ttl', value: 'SECONDS' },
    schema: wholeNumber(10, 86_400),
    default: 300,
    description: 'Seconds minted TURN credentials last (10–86400); clients fetch new ones at 80 %',
  }),
  iceTransportPolicy: setting({
    group: 'Calls across networks: STUN and TURN',
    env: 'PARLEY_ICE_TRANSPORT_POLICY',
    flag: { name: 'ice-transport-policy', value: 'all|relay' },
    schema: z.enum(['all', 'relay']),
    default: 'all',
    description: "`relay`: media only through TURN, no participant learns another's address (RFC 8828 mode 4)",
  }),

  secret: setting({
    group: 'Access',
    env: 'PARLEY_SECRET',
    schema: hmacSecret().optional(),
    defaultText: 'random per start',
    description: '32+ bytes; signs resume tokens. Keep it across restarts so clients resume in place; required with `PARLEY_REDIS_URL`',
  }),
  tokenSecret: setting({
    group: 'Access',
    env: 'PARLEY_TOKEN_SECRET',
    schema: hmacSecret().optional(),
    description: '32+ bytes shared with the app that embeds Parley; when set, every join needs an access token signed with it (HS256)',
    more: { title: 'Embedding with a token', href: '#embedding-with-a-token' },
  }),
  operatorToken: setting({
    group: 'Access',
    env: 'PARLEY_OPERATOR_TOKEN',
    schema: hmacSecret().optional(),
    description:
      'A bearer token of 32+ bytes for the operator: with it, `GET /api/rooms/:room/recordings` lists every recording ever made under that room id, not only the current meeting',
  }),
  e2ee: setting({
    group: 'Access',
    env: 'PARLEY_E2EE',
    flag: { name: 'e2ee', value: 'on|off' },
    schema: switchSchema(),
    default: true,
    description:
      "End-to-end encryption of a room's media (SFrame) when the software that starts the room can encrypt (the web app can; the Node SDK and `parley` cannot, and are kept out of an encrypted room until its host turns encryption off). Server recording is refused while it is on. `off`: rooms start without it; a host may still turn it on",
    more: { title: 'End-to-end encryption', href: 'docs/SECURITY.md#end-to-end-encryption' },
  }),

  redisUrl: setting({
    group: 'Several nodes',
    env: 'PARLEY_REDIS_URL',
    flag: { name: 'redis', value: 'URL' },
    schema: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
      .optional(),
    defaultText: 'none: one node, rooms in memory',
    description: '`redis://[:password@]host:6379[/db]` (or `rediss://`): rooms and relaying shared by several nodes; needs `PARLEY_SECRET`',
    more: { title: 'Several nodes', href: `${OPERATING}#several-nodes` },
  }),

  maxMessageBytes: setting({
    group: 'Limits',
    env: 'PARLEY_MAX_MESSAGE_BYTES',
    flag: { name: 'max-message-bytes', value: 'N' },
    schema: wholeNumber(1024, 512 * 1024),
    default: 64 * 1024,
    description: 'Largest signaling message (bytes of its JSON, 1024–524288); a larger one is refused with `message-too-large`',
  }),
  rateLimitPerSecond: setting({
    group: 'Limits',
    env: 'PARLEY_RATE_LIMIT',
    flag: { name: 'rate-limit', value: 'N' },
    schema: z.coerce.number().min(1).max(100_000),
    default: 50,
    description:
      'Messages per second a connection may send, sustained (token bucket refill); a flooding client is told `rate-limited` and disconnected',
  }),
  rateLimitBurst: setting({
    group: 'Limits',
    env: 'PARLEY_RATE_BURST',
    flag: { name: 'rate-burst', value: 'N' },
    schema: wholeNumber(1, 1_000_000),
    default: 200,
    description: 'Messages a connection may send at once above the sustained rate (token bucket size)',
  }),
  rateLimitBytesPerSecond: setting({
    group: 'Limits',
    env: 'PARLEY_RATE_LIMIT_BYTES',
    flag: { name: 'rate-limit-bytes', value: 'N' },
    schema: wholeNumber(1024, 1_000_000_000),
    default: 256 * 1024,
    description:
      'Bytes per second a connection may send, sustained (bursts up to four times as much, or one largest message); beyond it `rate-limited`, as for messages',
  }),
  rateLimitPerIp: setting({
    group: 'Limits',
    env: 'PARLEY_RATE_LIMIT_PER_IP',
    flag: { name: 'rate-limit-per-ip', value: 'N' },
    schema: wholeNumber(0, 10_000_000),
    default: 500,
    description:
      'Messages per second all connections from one address may send together, sustained (bursts of four times as much; `0`: no limit). Behind a reverse proxy: raise it',
  }),
  maxBacklogBytes: setting({
    group: 'Limits',
    env: 'PARLEY_MAX_BACKLOG_BYTES',
    flag: { name: 'max-backlog-bytes', value: 'N' },
    schema: wholeNumber(64 * 1024, 1_000_000_000),
    default: 1024 * 1024,
    description:
      'Bytes waiting to be sent to one participant who reads slowly; a signal to them beyond it is refused (`peer-busy`), and past four times it they are disconnected',
  }),
  maxConnectionsPerIp: setting({
    group: 'Limits',
    env: 'PARLEY_MAX_CONNECTIONS_PER_IP',
    flag: { name: 'max-connections-per-ip', value: 'N' },
    schema: wholeNumber(0, 1_000_000),
    default: 200,
    description: 'Signaling connections from one address (`0`: no limit). Behind a reverse proxy everyone shares its address: raise it',
  }),
  maxRooms: setting({
    group: 'Limits',
    env: 'PARLEY_MAX_ROOMS',
    flag: { name: 'max-rooms', value: 'N' },
    schema: wholeNumber(0, 10_000_000),
    default: 10_000,
    description: 'Rooms at once; opening one more is refused with `too-many-rooms` (`0`: no limit)',
  }),
  maxHttpConnectionsPerIp: setting({
    group: 'Limits',
    env: 'PARLEY_MAX_HTTP_CONNECTIONS_PER_IP',
    flag: { name: 'max-http-connections-per-ip', value: 'N' },
    schema: wholeNumber(0, 1_000_000),
    default: 500,
    description:
      'Open TCP connections from one address (page loads, polling, WebSockets; `0`: no limit): one address cannot use up the file descriptors. Behind a reverse proxy: raise it',
  }),
  headersTimeout: setting({
    group: 'Limits',
    env: 'PARLEY_HEADERS_TIMEOUT',
    flag: { name: 'headers-timeout', value: 'SECONDS' },
    schema: z.coerce.number().min(1).max(300),
    default: 10,
    description: "Seconds a client has to send a request's headers; a slower one is disconnected",
  }),
  requestTimeout: setting({
    group: 'Limits',
    env: 'PARLEY_REQUEST_TIMEOUT',
    flag: { name: 'request-timeout', value: 'SECONDS' },
    schema: z.coerce.number().min(1).max(3600),
    default: 30,
    description:
      'Seconds a client has to send a whole HTTP request, body included (a WebSocket, once open, is not bound by it); a slower one is disconnected',
  }),
  shutdownTimeout: setting({
    group: 'Limits',
    env: 'PARLEY_SHUTDOWN_TIMEOUT',
    flag: { name: 'shutdown-timeout', value: 'SECONDS' },
    schema: z.coerce.number().min(1).max(600),
    default: 10,
    description:
      'Seconds within which SIGTERM/SIGINT ends the process, drained or not: clients get `server-shutdown`, newcomers are refused, the rest is disconnected',
  }),

  janusUrls: setting({
    group: 'Large rooms: SFU and recording',
    env: 'PARLEY_JANUS_URLS',
    flag: { name: 'janus', value: 'URL', multiple: true },
    schema: listSchema(janusUrls()),
    default: [],
    description: 'Janus WebSocket API URLs, comma-separated (`ws://10.0.0.7:8188`): enables SFU mode; rooms go to the least-loaded one',
    more: { title: 'Large rooms', href: `${OPERATING}#large-rooms-sfu-on-janus` },
  }),
  sfuMaxParticipants: setting({
    group: 'Large rooms: SFU and recording',
    env: 'PARLEY_SFU_MAX_PARTICIPANTS',
    schema: wholeNumber(2, 1000),
    default: 50,
    description: 'People per room when an SFU is configured (replaces `PARLEY_MAX_PARTICIPANTS`)',
  }),
  meshMax: setting({
    group: 'Large rooms: SFU and recording',
    env: 'PARLEY_MESH_MAX',
    schema: wholeNumber(2, 1000),
    default: 4,
    description: 'Largest room that stays peer to peer; one more and it moves to the SFU',
  }),
  recordingsDir: setting({
    group: 'Large rooms: SFU and recording',
    env: 'PARLEY_RECORDINGS_DIR',
    schema: z
      .string()
      .trim()
      .refine((dir) => isAbsolute(dir), 'must be an absolute path (Janus writes there too)')
      .optional(),
    defaultText: 'none: off',
    description:
      'Absolute folder for server-side recordings of SFU rooms. Janus writes there and Parley reads there: same host, or one shared volume at the same path',
    more: { title: 'Recording', href: `${OPERATING}#recording-sfu-rooms` },
  }),
};

export type Settings = typeof SETTINGS;
export type SettingKey = keyof Settings;
