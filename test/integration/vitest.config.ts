import { defineConfig } from 'vitest/config';

/**
 * `npm run test:integration`: the AWS plane against real AWS APIs (LocalStack, and moto for DynamoDB when
 * LocalStack runs on the host). infra/localstack/with-localstack.sh starts them when nothing answers.
 */
export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts'],
    globalSetup: ['test/integration/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
