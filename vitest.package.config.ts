import { defineConfig } from 'vitest/config';

/** `npm run test:package`: packages the AWS plane with osls (offline) and inspects the CloudFormation. */
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
