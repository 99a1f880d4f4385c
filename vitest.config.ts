import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

/** Integration and unit tests run inside workerd with the real D1 migrations applied. */
export default defineConfig(async () => {
  const migrations = await readD1Migrations('db/migrations');
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          // A second, unmigrated D1 for the test of a migration on a filled database
          // (tests/worker/db/migrations/0013_rounds.test.ts).
          d1Databases: { UNMIGRATED_DB: 'unmigrated' },
          bindings: {
            TEST_MIGRATIONS: migrations,
            APP_ENV: 'test',
            PHONE_HASH_KEY: 'test-phone-hash-key-0123456789abcdef0123456789',
            OTP_HASH_KEY: 'test-otp-hash-key-0123456789abcdef0123456789ab',
            SESSION_KEY: 'test-session-key-0123456789abcdef0123456789abc',
            RECEIPT_HASH_KEY: 'test-receipt-hash-key-0123456789abcdef0123456',
            // Test clients verify and vote within the same pinned instant; the integrity tests turn
            // the rule on where they test it (testApp vars).
            RULE_MACHINE_TIMING: 'off',
            // The generated-request fuzz (tests/worker/fuzz): FUZZ_SEED=… FUZZ_RUNS=… npx vitest run tests/worker/fuzz
            FUZZ_SEED: process.env.FUZZ_SEED ?? '',
            FUZZ_RUNS: process.env.FUZZ_RUNS ?? '',
          },
        },
      }),
    ],
    test: {
      include: ['tests/worker/**/*.test.ts', 'tests/unit/**/*.test.ts'],
      setupFiles: ['tests/setup/apply-migrations.ts'],
      // The machine is shared and slow at times; tests assert outcomes, not speed.
      testTimeout: 30_000,
      // Type-level tests (expectTypeOf) in *.test-d.ts: workerd strips types, so tsc checks them instead.
      typecheck: { enabled: true, include: ['tests/**/*.test-d.ts'], tsconfig: 'tests/tsconfig.typecheck.json' },
    },
  };
});
