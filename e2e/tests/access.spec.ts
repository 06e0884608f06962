import { randomRoomId } from '../support/browsers.js';
import { expectSeesAndHears } from '../support/call.js';
import { expect, test } from '../support/fixtures.js';

test.describe('a room with a password', () => {
  test('the creator sets it in the lobby; a guest is asked for it, told when it is wrong, and gets in with it', async ({ parley, people }) => {
    const room = randomRoomId('password');
    const [ada, bob] = await people.launch('Ada', 'Bob');

    await ada!.page.goto(`${parley.url}/r/${room}?name=Ada`);
    await ada!.page.getByTestId('password-input').fill('open sesame');
    await expect(ada!.page.getByTestId('join-button')).toBeEnabled({ timeout: 15_000 });
    await ada!.page.getByTestId('join-button').click();
    await expect(ada!.page.getByTestId('leave-button')).toBeVisible({ timeout: 15_000 });

    const lobby = `${parley.url}/r/${room}?name=Bob`;
    await bob!.page.goto(lobby);
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
