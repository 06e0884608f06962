import { createHmac } from 'node:crypto';
import { randomRoomId } from '../support/browsers.js';
import { expectSeesAndHears } from '../support/call.js';
import { expect, test } from '../support/fixtures.js';
import { startParley } from '../support/server.js';

test.describe('a room with a password', () => {
  test('the creator sets it in the lobby; a guest is asked for it, told when it is wrong, and gets in with it', async ({
    parley,
    people,
  }) => {
    const room = randomRoomId('password');
    const [ada, bob] = await people.launch('Ada', 'Bob');

    await ada!.page.goto(`${parley.url}/r/${room}?name=Ada`);
    // The first one in is offered to protect the meeting; a guest of an open one is not asked.
    await ada!.page.getByTestId('password-add').click();
    await ada!.page.getByTestId('password-input').fill('open sesame');
    await expect(ada!.page.getByTestId('join-button')).toBeEnabled({ timeout: 15_000 });
    await ada!.page.getByTestId('join-button').click();
    await expect(ada!.page.getByTestId('leave-button')).toBeVisible({ timeout: 15_000 });

    const lobby = `${parley.url}/r/${room}?name=Bob`;
    await bob!.page.goto(lobby);
    // The lobby knows the meeting asks for a password before the first try.
    await expect(bob!.page.getByTestId('password-input')).toBeVisible();
    const join = bob!.page.getByTestId('join-button');
    await expect(join).toBeEnabled({ timeout: 15_000 });
    await join.click();
    await expect(bob!.page.getByTestId('password-error')).toHaveText('This room needs a password. Ask the host for it.');

    await bob!.page.getByTestId('password-input').fill('open sesam');
    await join.click();
    await expect(bob!.page.getByTestId('password-error')).toHaveText('Wrong password. Check it with the host and try again.');
    await expect(ada!.tiles).toHaveCount(0);

    await bob!.page.getByTestId('password-input').fill('open sesame');
    await join.click();
    await expect(bob!.page.getByTestId('leave-button')).toBeVisible({ timeout: 15_000 });
    await Promise.all([expectSeesAndHears(ada!, bob!), expectSeesAndHears(bob!, ada!)]);
  });
});

test.describe('embedding with a token in the link', () => {
  const TOKEN_SECRET = 'e2e-embedding-secret-of-at-least-32-bytes';
  /** What the embedding app does: an HS256 JWT (RFC 7519) signed with the shared secret. */
  const sign = (claims: Record<string, unknown>): string => {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
    return `${input}.${createHmac('sha256', TOKEN_SECRET).update(input).digest('base64url')}`;
  };
  const now = () => Math.floor(Date.now() / 1000);

  test('a valid token admits under the name it carries; an expired one is explained', async ({ people }) => {
    const server = await startParley({ config: { tokenSecret: TOKEN_SECRET } });
    try {
      const room = randomRoomId('embed');
      const [ada] = await people.launch('Ada');
      const valid = sign({ room, grants: ['join', 'publish'], name: 'Ada from the app', exp: now() + 600 });
      await ada!.page.goto(`${server.url}/r/${room}?name=Ada&token=${valid}`);
      await expect(ada!.page.getByTestId('password-input')).toHaveCount(0); // the app vouches: no password
      await expect(ada!.page.getByTestId('join-button')).toBeEnabled({ timeout: 15_000 });
      await ada!.page.getByTestId('join-button').click();
      await expect(ada!.page.getByTestId('self-tile')).toContainText('Ada from the app');
      await expect.poll(async () => (await server.server.store.members(room)).map((p) => p.name)).toEqual(['Ada from the app']);

      await ada!.page.getByTestId('leave-button').click();
      const expired = sign({ room, grants: ['join', 'publish'], exp: now() - 60 });
      await ada!.page.goto(`${server.url}/r/${room}?name=Ada&token=${expired}`);
      await expect(ada!.page.getByTestId('join-button')).toBeEnabled({ timeout: 15_000 });
      await ada!.page.getByTestId('join-button').click();
      await expect(ada!.page.getByTestId('join-error')).toHaveAttribute('data-code', 'token-invalid');
      await expect(ada!.page.getByTestId('join-error')).toHaveText(/not valid any more/);
    } finally {
      await server.close();
    }
  });
});
