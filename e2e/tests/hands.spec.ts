import type { Locator } from '@playwright/test';
import { randomRoomId, type Participant } from '../support/browsers.js';
import { MEDIA_TIMEOUT } from '../support/call.js';
import { expect, test } from '../support/fixtures.js';
import { launchCrowd } from '../support/meeting.js';
import { watchClick, watchShown } from '../support/shownAt.js';

/** Within this a raised or lowered hand is on every screen (the issue asks 2 s). */
const SHOWN_WITHIN = 2_000;

/** The hand badge on `person`'s screen for `name` (their own tile when it is them). */
function handOn(viewer: Participant, name: string) {
  const tile = viewer.name === name ? viewer.page.getByTestId('self-tile') : viewer.tileOf(name);
  return tile.getByTestId('hand-raised');
}

/** The same badge as a CSS selector, at one place in the queue (or at any, without `position`). */
function handSelector(viewer: Participant, name: string, position?: number): string {
  const tile = viewer.name === name ? '[data-testid="self-tile"]' : `[data-testid="participant-tile"][data-participant-name="${name}"]`;
  return `${tile} [data-testid="hand-raised"]${position === undefined ? '' : `[data-position="${position}"]`}`;
}

/**
 * `who` presses `control`; each viewer's own page notes when `name`'s hand showed at `position`
 * (or, with null, went): every one within SHOWN_WITHIN of the press. Returns when the press was
 * (as the page saw it) and the slowest delay.
 */
async function pressAndTime(
  who: Participant,
  /** The control's test id, and the one element to press when several carry it. */
  control: string,
  viewers: readonly Participant[],
  name: string,
  position: number | null,
  target: Locator = who.page.getByTestId(control),
): Promise<{ pressedAt: number; slowest: number }> {
  const watches = await Promise.all(
    viewers.map((viewer) => watchShown(viewer.page, handSelector(viewer, name, position ?? undefined), { gone: position === null })),
  );
  const clicked = await watchClick(who.page, control);
  await target.click();
  const pressedAt = await clicked();
  const delays = await Promise.all(watches.map(async (read) => (await read()) - pressedAt));
  const where = viewers.map((viewer, index) => `${viewer.name}: ${delays[index]} ms`).join(', ');
  for (const delay of delays)
    expect(delay, `${name}'s hand ${position === null ? 'gone' : `at ${position}`} (${where})`).toBeLessThan(SHOWN_WITHIN);
  return { pressedAt, slowest: Math.max(...delays) };
}

test.describe('raised hands', () => {
  test('a hand shows on every screen in the order raised within 2 s; the host lowers one; a second press lowers your own', async ({
    parley,
    people,
  }) => {
    const room = randomRoomId('hands');
    // Small cameras, one microphone (launchCrowd): what three browsers on two cores share with the
    // timing this test reads; hands travel on signaling, whatever the media.
    const [ada, bob, cyd] = await launchCrowd(people, 'Ada', 'Bob', 'Cyd');
    for (const person of [ada!, bob!, cyd!]) await person.page.setViewportSize({ width: 1280, height: 720 });
    for (const person of [ada!, bob!, cyd!]) await person.join(parley.url, room); // Ada first: the host
    for (const name of ['Bob', 'Cyd']) await expect(ada!.tileOf(name)).toHaveCount(1, { timeout: MEDIA_TIMEOUT });
    const everyone = [ada!, bob!, cyd!];

    // Cyd, then Bob: first and second on every screen, their own included, each page timing itself.
    // The others are told in words too (a live region), shown for 4 s: Ada's page notes when.
    const told = await watchShown(ada!.page, '[data-testid="arrivals"]', { text: 'Cyd raised a hand' });
    const { slowest: shownAfterMs, pressedAt: cydPressedAt } = await pressAndTime(cyd!, 'raise-hand-toggle', everyone, 'Cyd', 1);
    expect((await told()) - cydPressedAt, 'Ada told in words that Cyd raised a hand').toBeLessThan(SHOWN_WITHIN);
    await pressAndTime(bob!, 'raise-hand-toggle', everyone, 'Bob', 2);
    test.info().annotations.push({ type: 'hand shown on 3 screens', description: `${shownAfterMs} ms` });
    await expect(cyd!.page.getByTestId('raise-hand-toggle')).toHaveAttribute('aria-pressed', 'true');

    // The host's list shows the queue in order, and lowers Cyd's hand: Bob is first now, everywhere.
    await ada!.page.getByTestId('participants-toggle').click();
    const rows = ada!.page.getByTestId('raised-hand-row');
    await expect(rows).toHaveText([/^Cyd/, /^Bob/]);
    const bobFirst = await Promise.all(everyone.map((viewer) => watchShown(viewer.page, handSelector(viewer, 'Bob', 1))));
    const { pressedAt } = await pressAndTime(
      ada!,
      'lower-hand',
      everyone,
      'Cyd',
      null,
      rows.filter({ hasText: 'Cyd' }).getByTestId('lower-hand'),
    );
    for (const read of bobFirst) expect((await read()) - pressedAt, 'Bob first once Cyd’s hand is down').toBeLessThan(SHOWN_WITHIN);
    await expect(cyd!.page.getByTestId('raise-hand-toggle')).toHaveAttribute('aria-pressed', 'false');

    // A guest sees no Lower on someone else's hand; Bob lowers his own with the control.
    await cyd!.page.getByTestId('participants-toggle').click();
    await expect(cyd!.page.getByTestId('raised-hand-row')).toHaveText([/^Bob/]);
    await expect(cyd!.page.getByTestId('lower-hand')).toHaveCount(0);
    await pressAndTime(bob!, 'raise-hand-toggle', everyone, 'Bob', null);
    await expect(ada!.page.getByTestId('raised-hands')).toHaveCount(0);
  });
});

test.describe('reactions', () => {
  test('a reaction shows over the sender’s tile on every screen, is said to screen readers, and goes away by itself', async ({
    parley,
    people,
  }) => {
    const room = randomRoomId('reactions');
    const [ada, bob] = await people.launch('Ada', 'Bob');
    for (const person of [ada!, bob!]) await person.join(parley.url, room);
    await expect(bob!.tileOf('Ada')).toHaveCount(1, { timeout: MEDIA_TIMEOUT });

    await ada!.page.getByTestId('reaction-button').click();
    const shown = await watchShown(
      bob!.page,
      '[data-testid="participant-tile"][data-participant-name="Ada"] [data-testid="tile-reaction"][data-reaction="clap"]',
    );
    const clicked = await watchClick(ada!.page, 'reaction-option');
    await ada!.page.locator('[data-testid="reaction-option"][data-reaction="clap"]').click();
    expect((await shown()) - (await clicked()), 'the reaction on Bob’s screen after Ada’s click').toBeLessThan(SHOWN_WITHIN);
    const onBob = bob!.tileOf('Ada').getByTestId('tile-reaction');
    await expect(onBob).toHaveText('👏');
    await expect(ada!.page.getByTestId('self-tile').getByTestId('tile-reaction')).toHaveAttribute('data-reaction', 'clap');
    await expect(bob!.page.getByTestId('reaction-announcements')).toContainText('Ada: Applause');
    // It rises into view; with reduced motion asked for, it simply appears.
    const animation = () => onBob.evaluate((element) => getComputedStyle(element).animationName);
    expect(await animation()).toBe('reaction-rise');
    await bob!.page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await animation()).toBe('none');
    // Escape closes the tray and gives the focus back to its button.
    await ada!.page.keyboard.press('Escape');
    await expect(ada!.page.getByTestId('reaction-panel')).toHaveCount(0);
    await expect(onBob).toHaveCount(0, { timeout: 6_000 });
  });
});

test.describe('a hand that lowers itself', () => {
  test('chosen in People, your raised hand goes down once you have spoken for 5 s, on every screen; off by default', async ({
    parley,
    people,
  }) => {
    const room = randomRoomId('auto-lower');
    const [ada, bob] = await people.launch('Ada', 'Bob');
    for (const person of [ada!, bob!]) await person.join(parley.url, room);
    await expect(bob!.tileOf('Ada')).toHaveCount(1, { timeout: MEDIA_TIMEOUT });
    await ada!.page.getByTestId('participants-toggle').click();
    const choice = ada!.page.getByTestId('auto-lower-hand');
    await expect(choice).toHaveValue('0');
    await choice.selectOption('5');
    // Ada's microphone plays Chromium's fake beep: a voice the page measures as speech.
    await pressAndTime(ada!, 'raise-hand-toggle', [bob!], 'Ada', 1);
    const raisedAt = Date.now();
    await expect(handOn(bob!, 'Ada')).toHaveCount(0, { timeout: 15_000 });
    const loweredAfterMs = Date.now() - raisedAt;
    test.info().annotations.push({ type: 'lowered after', description: `${loweredAfterMs} ms` });
    expect(loweredAfterMs).toBeGreaterThan(4_000);
    await expect(ada!.page.getByTestId('raise-hand-toggle')).toHaveAttribute('aria-pressed', 'false');
  });
});
