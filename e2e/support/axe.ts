import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * axe-core (bundled with the npm package, run inside the page) over every screen a person meets:
 * no serious or critical violation of WCAG 2.1 A/AA. The rule that voice control depends on, a
 * control's accessible name containing its visible label (WCAG 2.5.3 Label in Name), is still
 * marked experimental in axe and is switched on here. Soft: one run names every violation of every screen.
 * `within` (a CSS selector) checks only that part of the screen: axe's walk of a whole call page
 * holds the page's main thread long enough, with five browsers on two busy cores, for the page to
 * miss the server's pings (seen: a host dropped 30 s into the run and back as a guest).
 */
export async function expectNoSeriousViolations(page: Page, where: string, within?: string): Promise<void> {
  const builder = new AxeBuilder({ page });
  if (within) builder.include(within);
  const results = await builder
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help}; ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  expect.soft(serious, `axe on ${where}`).toEqual([]);
}
