import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PHONE_VIEWPORT, WECHAT_UA } from './tests/setup/chromium';

/**
 * E2E tests drive Debian's Chromium (Playwright cannot download browsers here) against `wrangler dev`
 * on its own port and state, so they run beside `npm start`.
 */
const PORT = Number(process.env.E2E_PORT ?? 8788);

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 30_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: [
    {
      name: 'wechat-phone',
      testIgnore: /admin\.spec\.ts/,
      use: {
        ...devices['iPhone 13'],
        browserName: 'chromium',
        viewport: PHONE_VIEWPORT,
        userAgent: WECHAT_UA,
      },
    },
    // The admin is desktop-first (city HR at a desk); its specs run only here.
    {
      name: 'desktop',
      testMatch: /admin\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], browserName: 'chromium', viewport: { width: 1366, height: 900 } },
    },
  ],
  webServer: {
    command: 'npm run e2e:server',
    url: `http://127.0.0.1:${PORT}/api/health`,
    // Migrations, seed and wrangler start take ~20 s on a quiet machine and minutes on a loaded one.
    timeout: 300_000,
    // E2E_REUSE=1 runs against a server already started with `npm run e2e:server`.
    reuseExistingServer: process.env.E2E_REUSE === '1',
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
