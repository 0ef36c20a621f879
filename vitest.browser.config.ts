import { defineConfig } from 'vitest/config';

// End-to-end tests in headless Chromium (Debian `chromium`), kept out of `npm test`: run with `npm run test:browser`.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
