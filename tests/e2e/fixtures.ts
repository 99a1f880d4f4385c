/**
 * The Playwright `test` every e2e spec uses: it fails a test on any Content-Security-Policy violation
 * (a `securitypolicyviolation` event or a console message about the policy), so the pages are
 * exercised with the real headers on.
 */
import { test as base, expect } from '@playwright/test';

export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      await context.exposeBinding('__cspViolation', (_source, report: string) => void violations.push(report));
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          (window as any).__cspViolation(
            `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} on ${e.documentURI}`,
          ),
        );
      });
      context.on('console', (msg) => {
        if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
      });
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
