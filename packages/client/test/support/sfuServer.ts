import { createParleyServer, makeConfig, type Config, type ParleyServer } from '@parley/server';
import { afterAll, beforeAll } from 'vitest';
import { JanusServer } from '@parley/testkit';
import type { Room } from '../../src/Room.js';
import { People } from './movingMedia.js';

export interface SfuTestServer {
  /** The Parley server (valid inside the file's tests). */
  readonly server: ParleyServer;
  /** Everyone who entered, with moving synthetic cameras; they all leave at the end of the file. */
  readonly people: People;
  /** Joins `roomId` as `name` through this server. */
  enter(roomId: string, name: string): Promise<Room>;
}

/**
 * For one test file: a real Janus on 127.0.0.1 and a Parley server in SFU mode on it, started
 * before the file's tests and stopped after them. `config()` is read when they start, so it may
 * use what an earlier `beforeAll` of the file set up (a TURN server).
 */
export function sfuServerPerFile(config: () => Partial<Config> = () => ({})): SfuTestServer {
  let janus: JanusServer | undefined;
  let server: ParleyServer | undefined;
  const people = new People();
  beforeAll(async () => {
    janus = await JanusServer.start();
    server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', janusUrls: [janus.url], ...config() }));
    await server.listen();
  }, 30_000);
  afterAll(async () => {
    await people.leaveAll();
    await server?.close();
    await janus?.stop();
  }, 30_000);
  return {
    get server() {
      if (!server) throw new Error('the SFU test server is not started: use it inside a test');
      return server;
    },
    people,
    enter: (roomId, name) => people.enter(server!.url(), roomId, name),
  };
}
