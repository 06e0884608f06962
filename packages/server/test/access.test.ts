import { createHmac, generateKeyPairSync } from 'node:crypto';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, JoinRequest, JoinSnapshot } from '@parley/protocol';
import { ConfigError, loadConfig } from '../src/config.js';
import type { ParleyServer } from '../src/server.js';
import { closeAllClients, connect, type TestClient, startServer } from './support/harness.js';

const TOKEN_SECRET = 'an-embedding-app-secret-of-32-bytes-or-more';
const key = new TextEncoder().encode(TOKEN_SECRET);
const now = (): number => Math.floor(Date.now() / 1000);

let counter = 0;
const freshRoom = (): string => `access-${Date.now()}-${counter++}`;

function send(socket: TestClient, request: JoinRequest): Promise<Ack<JoinSnapshot>> {
  return socket.timeout(10_000).emitWithAck('join', request);
}

async function refusal(server: ParleyServer, request: JoinRequest): Promise<{ code: string; message: string; details?: unknown }> {
  const result = await send(await connect(server), request);
  if (result.ok) throw new Error(`join was accepted: ${JSON.stringify(request)}`);
  return result.error;
}

function token(claims: Record<string, unknown>, options: { exp?: number; nbf?: number; secret?: Uint8Array } = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  jwt.setExpirationTime(options.exp ?? now() + 600);
  if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
  return jwt.sign(options.secret ?? key);
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('room passwords', () => {
  let server: ParleyServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterEach(() => closeAllClients());
  afterAll(async () => server.close());

  it('the creator sets it; others need it; a wrong one is refused with a reason', async () => {
    const room = freshRoom();
    const host = await send(await connect(server), { room, name: 'Ada', password: 'correct horse' });
    expect(host.ok && host.value.roomStatus).toEqual({
      hostId: host.ok && host.value.self.id,
      locked: false,
      passwordProtected: true,
      waitingRoom: false,
      e2ee: false,
    });

    expect(await refusal(server, { room, name: 'Bob' })).toMatchObject({ code: 'password-required' });
    expect(await refusal(server, { room, name: 'Bob', password: 'correct horsE' })).toMatchObject({
      code: 'wrong-password',
      message: expect.stringMatching(/Wrong password/),
    });
    const bob = await send(await connect(server), { room, name: 'Bob', password: 'correct horse' });
    expect(bob.ok && bob.value.participants.map((p) => p.name)).toEqual(['Ada']);
    // Only the hash is kept, never the password itself.
    const hash = await server.store.passwordHash(room);
    expect(hash).toMatch(/^scrypt\$/);
    expect(hash).not.toContain('correct horse');
  });

  it('a room created without a password stays open, whatever a later joiner sends', async () => {
    const room = freshRoom();
    expect((await send(await connect(server), { room, name: 'Ada' })).ok).toBe(true);
    const late = await send(await connect(server), { room, name: 'Bob', password: 'sets nothing' });
    expect(late.ok && late.value.roomStatus?.passwordProtected).toBe(false);
    expect((await send(await connect(server), { room, name: 'Cyd' })).ok).toBe(true);
  });
});

describe('access tokens (PARLEY_TOKEN_SECRET)', () => {
  let server: ParleyServer;
  beforeAll(async () => {
    server = await startServer({ tokenSecret: TOKEN_SECRET });
  });
  afterEach(() => closeAllClients());
  afterAll(async () => server.close());

  it('admits with a valid token, imposes its name and reports its grants', async () => {
    const room = freshRoom();
    const result = await send(await connect(server), {
      room,
      name: 'typed name',
      token: await token({ room, grants: ['join'], name: 'Ada from the app' }),
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.self.name).toBe('Ada from the app');
    expect(result.value.grants).toEqual(['join']);
    // Without `moderate` the embedding app did not make her a host, though she came first.
    expect(result.value.roomStatus?.hostId).toBeNull();
  });

  it('needs a token for every join', async () => {
    expect(await refusal(server, { room: freshRoom(), name: 'Ada' })).toMatchObject({ code: 'token-required' });
  });

  const cases: Array<[string, (room: string) => Promise<string>, string]> = [
    ['expired', (room) => token({ room, grants: ['join'] }, { exp: now() - 60 }), 'expired'],
    ['not yet valid', (room) => token({ room, grants: ['join'] }, { nbf: now() + 600 }), 'not-yet-valid'],
    ['for another room', () => token({ room: 'another-room', grants: ['join'] }), 'room'],
    [
      'signed with another secret',
      (room) => token({ room, grants: ['join'] }, { secret: new TextEncoder().encode('x'.repeat(40)) }),
      'signature',
    ],
    [
      'altered after signing',
      async (room) => {
        const [header, , signature] = (await token({ room: 'another-room', grants: ['join'] })).split('.');
        return `${header}.${b64({ room, grants: ['join', 'moderate'], exp: now() + 600 })}.${signature}`;
      },
      'signature',
    ],
    ['alg: none', async (room) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ room, grants: ['join'], exp: now() + 600 })}.`, 'algorithm'],
    [
      'RS256-signed (asymmetric)',
      async (room) => {
        const { privateKey } = await generateKeyPair('RS256');
        return new SignJWT({ room, grants: ['join'] }).setProtectedHeader({ alg: 'RS256' }).setExpirationTime('10m').sign(privateKey);
      },
      'algorithm',
    ],
    [
      'ES256-signed (asymmetric)',
      async (room) => {
        const { privateKey } = await generateKeyPair('ES256');
        return new SignJWT({ room, grants: ['join'] }).setProtectedHeader({ alg: 'ES256' }).setExpirationTime('10m').sign(privateKey);
      },
      'algorithm',
    ],
    [
      'HS256 keyed with a public key (algorithm confusion)',
      async (room) => {
        const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
        const signingInput = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ room, grants: ['join'], exp: now() + 600 })}`;
        return `${signingInput}.${createHmac('sha256', pem).update(signingInput).digest('base64url')}`;
      },
      'signature',
    ],
    [
      'HS512 (another HMAC)',
      (room) => new SignJWT({ room, grants: ['join'] }).setProtectedHeader({ alg: 'HS512' }).setExpirationTime('10m').sign(key),
      'algorithm',
    ],
    ['without an expiry', (room) => new SignJWT({ room, grants: ['join'] }).setProtectedHeader({ alg: 'HS256' }).sign(key), 'claim-exp'],
    ['without grants', (room) => token({ room }), 'claims'],
    ['not a JWT at all', async () => 'not.a.jwt', 'malformed'],
  ];
  for (const [label, make, reason] of cases) {
    it(`refuses a token ${label}`, async () => {
      const room = freshRoom();
      const error = await refusal(server, { room, name: 'Eve', token: await make(room) });
      expect(error).toMatchObject({ code: 'token-invalid', details: { reason } });
      expect(await server.store.members(room)).toEqual([]);
    });
  }

  it('refuses a token without the join grant', async () => {
    const room = freshRoom();
    const error = await refusal(server, { room, name: 'Eve', token: await token({ room, grants: ['publish', 'moderate'] }) });
    expect(error).toMatchObject({ code: 'forbidden', details: { grant: 'join' } });
  });

  it('a moderate grant makes the host, skips the password and opens a locked room', async () => {
    const room = freshRoom();
    const host = await connect(server);
    const first = await send(host, {
      room,
      name: 'Teacher',
      password: 'pw',
      token: await token({ room, grants: ['join', 'publish', 'moderate'] }),
    });
    expect(first.ok && first.value.roomStatus).toMatchObject({
      hostId: first.ok && first.value.self.id,
      passwordProtected: true,
      waitingRoom: false,
      e2ee: false,
    });
    expect(await host.timeout(5_000).emitWithAck('moderate', { action: 'lock', locked: true })).toEqual({ ok: true, value: null });
    const pupil = await token({ room, grants: ['join', 'publish'] });
    expect(await refusal(server, { room, name: 'Pupil', token: pupil, password: 'pw' })).toMatchObject({ code: 'room-locked' });
    const coTeacher = await send(await connect(server), { room, name: 'Co', token: await token({ room, grants: ['join', 'moderate'] }) });
    expect(coTeacher.ok).toBe(true);
  });
});

describe('access tokens on a server without PARLEY_TOKEN_SECRET', () => {
  it('are refused rather than ignored', async () => {
    const server = await startServer();
    try {
      const room = freshRoom();
      const error = await refusal(server, { room, name: 'Ada', token: await token({ room, grants: ['join'] }) });
      expect(error).toMatchObject({ code: 'token-invalid', details: { reason: 'not-configured' } });
    } finally {
      closeAllClients();
      await server.close();
    }
  });
});

describe('secrets in the configuration', () => {
  it('refuses to start with a secret shorter than 32 bytes, naming the variable', () => {
    for (const variable of ['PARLEY_SECRET', 'PARLEY_TOKEN_SECRET']) {
      const attempt = () => loadConfig({ [variable]: 'too-short-0123456789' }, []);
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(new RegExp(`${variable}.*at least 32 bytes`));
    }
    expect(loadConfig({ PARLEY_SECRET: 'a'.repeat(32), PARLEY_TOKEN_SECRET: 'b'.repeat(32) }, [])).toMatchObject({
      secret: 'a'.repeat(32),
      tokenSecret: 'b'.repeat(32),
    });
  });
});
