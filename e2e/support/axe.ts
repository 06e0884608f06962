import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * axe-core (bundled with the npm package, run inside the page) over every screen a person meets:
 * no serious or critical violation of WCAG 2.1 A/AA. The rule that voice control depends on, a
 * control's accessible name containing its visible label (WCAG 2.5.3 Label in Name), is still
 * marked experimental in axe and is switched on here. Soft: one run names every violation of every screen.
 */
export async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page })
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
