/**
 * Accessibility check of an admin page with axe-core: its source is evaluated in the page through
 * the DevTools protocol (not a script element, so the page's CSP is untouched) and the page must
 * have no violation of any impact. axe-core is a dev dependency; its Node entry exports its browser
 * source as `source`.
 */
import type { Page } from '@playwright/test';
import axe from 'axe-core';
import { expect } from './fixtures';

const source = axe.source;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Fails with the rule, impact and elements of every violation on the page as it is now. */
export async function expectNoAxeViolations(page: Page, where: string) {
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  const report = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(report, `axe violations on ${where}`).toEqual([]);
}
