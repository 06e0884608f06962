import { afterEach, describe, expect, it } from 'vitest';
import type { Ack, Reaction } from '@parley/protocol';
import { closeAllClients, collect, connect, joined, nextEvent, serverPerFile, sleep, type TestClient } from './support/harness.js';

const server = serverPerFile();
afterEach(() => closeAllClients());

let counter = 0;
const freshRoom = (): string => `reactions-${Date.now()}-${counter++}`;
const react = (socket: TestClient, reaction: Reaction): Promise<Ack<null>> => socket.timeout(5_000).emitWithAck('reaction', { reaction });

describe('reactions', () => {
  it('reach everyone else in the room, named by who sent them; not the sender, not another room', async () => {
    const room = freshRoom();
    const [ada, bob, cyd, other] = await Promise.all([connect(server()), connect(server()), connect(server()), connect(server())]);
    const a = await joined(ada, room, 'Ada');
    await joined(bob, room, 'Bob');
    await joined(cyd, room, 'Cyd');
    await joined(other, freshRoom(), 'Elsewhere');
    const ownEcho = collect(ada, 'reaction');
    const elsewhere = collect(other, 'reaction');
    const [toBob, toCyd] = [nextEvent(bob, 'reaction'), nextEvent(cyd, 'reaction')];
    expect(await react(ada, 'clap')).toEqual({ ok: true, value: null });
    expect(await toBob).toEqual({ from: a.self.id, reaction: 'clap' });
    expect(await toCyd).toEqual({ from: a.self.id, reaction: 'clap' });
    await sleep(100);
    expect(ownEcho).toEqual([]);
    expect(elsewhere).toEqual([]);
  });

  it('a flood is cut after a burst of five, per person, with a clear error; others may still react', async () => {
    const room = freshRoom();
    const [ada, bob] = await Promise.all([connect(server()), connect(server())]);
    await joined(ada, room, 'Ada');
    await joined(bob, room, 'Bob');
    const heard = collect(bob, 'reaction');
    const answers = await Promise.all(Array.from({ length: 12 }, () => react(ada, 'party')));
    const refused = answers.filter((answer) => !answer.ok);
    expect(answers.filter((answer) => answer.ok).length).toBeLessThanOrEqual(6);
    expect(refused.length).toBeGreaterThanOrEqual(6);
    expect(refused[0]).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    expect(await react(bob, 'heart')).toEqual({ ok: true, value: null });
    await sleep(100);
    expect(heard.length).toBe(answers.length - refused.length);
  });

  it('an unknown reaction, or one from outside any room, is refused', async () => {
    const outsider = await connect(server());
    expect(await react(outsider, 'clap')).toMatchObject({ ok: false, error: { code: 'not-in-room' } });
    const ada = await connect(server());
    await joined(ada, freshRoom(), 'Ada');
    expect(await react(ada, 'rocket' as Reaction)).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
  });
});
