import { randomRoomId } from '../support/browsers.js';
import { expectSeesAndHears } from '../support/call.js';
import { expect, test } from '../support/fixtures.js';

test.describe('waiting room', () => {
  test('the host turns it on; a guest waits, is admitted, and both see and hear each other; a denied guest is told and cannot knock again at once', async ({
    parley,
    people,
  }) => {
    const room = randomRoomId('waiting');
    const [ada, bob, cyd] = await people.launch('Ada', 'Bob', 'Cyd');
    await ada!.join(parley.url, room);
    await ada!.page.getByTestId('participants-toggle').click();
    const toggle = ada!.page.getByTestId('waiting-room-toggle');
    await toggle.check();
    await expect(toggle).toBeChecked();
    await expect(ada!.page.getByTestId('waiting-room-note')).toBeVisible();
    await ada!.page.getByTestId('participants-toggle').click();

    // Bob knocks: a screen that says he waits; the host sees him by name, with a count on People.
    await bob!.askToJoin(parley.url, room);
    await expect(bob!.page.getByTestId('waiting-screen')).toBeVisible();
    await expect(bob!.page.getByTestId('waiting-screen')).toContainText('Waiting for the host');
    const notice = ada!.page.getByTestId('waiting-notice');
    await expect(notice).toContainText('Bob is waiting to join');
    await expect(ada!.page.getByTestId('waiting-count')).toHaveText('1');
    // Nobody in the call sees Bob's tile before he is let in.
    await expect(ada!.tiles).toHaveCount(0);

    await notice.getByTestId('waiting-person').filter({ hasText: 'Bob' }).getByTestId('admit-button').click();
    await expect(bob!.page.getByTestId('leave-button')).toBeVisible({ timeout: 15_000 });
    await expect(notice).toHaveCount(0);
    await expect(ada!.page.getByTestId('waiting-count')).toHaveCount(0);
    await expectSeesAndHears(ada!, bob!);
    await expectSeesAndHears(bob!, ada!);

    // Cyd knocks and is turned away: told so; asking again at once is refused, and the host is not bothered.
    await cyd!.askToJoin(parley.url, room);
    await expect(cyd!.page.getByTestId('waiting-screen')).toBeVisible();
    await ada!.page.getByTestId('waiting-person').filter({ hasText: 'Cyd' }).getByTestId('deny-button').click();
    const denied = cyd!.page.getByTestId('waiting-denied');
    await expect(denied).toBeVisible();
    await expect(denied).toContainText('The host did not let you in');
    await cyd!.page.getByTestId('waiting-ask-again').click();
    await cyd!.page.getByTestId('join-button').click();
    await expect(denied).toBeVisible();
    await expect(ada!.page.getByTestId('waiting-notice')).toHaveCount(0);
    await expect(ada!.tiles).toHaveCount(1);
  });

  test('several waiting: Admit all lets everyone in; one who leaves the waiting screen is gone from the host’s list', async ({
    parley,
    people,
  }) => {
    const room = randomRoomId('waiting-all');
    const [ada, bob, cyd, dan] = await people.launch('Ada', 'Bob', 'Cyd', 'Dan');
    await ada!.join(parley.url, room);
    await ada!.page.getByTestId('participants-toggle').click();
    await ada!.page.getByTestId('waiting-room-toggle').check();
    for (const person of [bob!, cyd!, dan!]) {
      await person.askToJoin(parley.url, room);
      await expect(person.page.getByTestId('waiting-screen')).toBeVisible();
    }
    await expect(ada!.page.getByTestId('waiting-count')).toHaveText('3');
    await dan!.page.getByTestId('waiting-leave').click();
    await expect(dan!.page.getByTestId('join-button')).toBeVisible();
    await expect(ada!.page.getByTestId('waiting-count')).toHaveText('2');
    await expect(ada!.page.getByTestId('waiting-person')).toHaveText([/^Bob/, /^Cyd/]);
    await ada!.page.getByTestId('admit-all').click();
    for (const person of [bob!, cyd!]) await expect(person.page.getByTestId('leave-button')).toBeVisible({ timeout: 15_000 });
    await expect(ada!.tiles).toHaveCount(2, { timeout: 15_000 });
    await expect(dan!.page.getByTestId('waiting-screen')).toHaveCount(0);
  });
});
