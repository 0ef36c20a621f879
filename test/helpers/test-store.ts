import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { quoteIdent } from '../../src/store/postgres/connect.js';

/** The test database: TEST_DATABASE_URL, else the local `test` database every development and CI machine has. */
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Which store test apps run on: `TEST_STORE=postgres` (npm run test:pg) gives each data dir a schema of its own. */
export const TEST_STORE = process.env.TEST_STORE === 'postgres' ? 'postgres' : 'lowdb';

const made = new Set<string>();

async function sql(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

// Registered when a test file imports this module: the schemas its apps used are dropped after its tests.
afterAll(async () => {
  for (const schema of made) await sql(`drop schema if exists ${quoteIdent(schema)} cascade`);
  made.clear();
});

/**
 * What a test app on `dataDir` adds to its environment for the store under test: nothing for lowdb; under
 * TEST_STORE=postgres, a DATABASE_URL into a schema named after the data dir, so an app restarted on the same data
 * dir finds its data again.
 */
export async function testStoreEnv(dataDir: string): Promise<Record<string, string>> {
  if (TEST_STORE !== 'postgres') return {};
  const schema = `app_${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
  if (!made.has(schema)) {
    await sql(`create schema if not exists ${quoteIdent(schema)}`);
    made.add(schema);
  }
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { DATABASE_URL: url.toString() };
}
