import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { createPool, quoteIdent } from '../../../src/store/postgres/connect.js';

/** The test database: TEST_DATABASE_URL, else the local `test` database every development and CI machine has. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema in the test database for one test file: pools made by `pool()` work in it; it is dropped at the end. */
export type PgSchema = {
  url: string;
  schema: string;
  /** A new pool whose connections use the schema (closed with the schema). */
  pool(max?: number): pg.Pool;
};

/**
 * Whether the test database answers. Unreachable: the PostgreSQL suites skip locally, but with CI=true this throws,
 * so a CI run without its database fails instead of passing with nothing tested.
 */
export async function testDatabaseReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(
        `PostgreSQL at ${TEST_DATABASE_URL} is unreachable and CI=true, so the PostgreSQL tests cannot run: ${(error as Error).message}`,
      );
    }
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const cleanups: (() => Promise<void>)[] = [];

// Registered when a test file imports this module (hooks added later, inside a test or hook, would be ignored).
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Creates a schema for the calling test file; it is dropped, with every pool made from it, after the file's tests. */
export async function createTestSchema(): Promise<PgSchema> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${quoteIdent(schema)}`);
  const pools: pg.Pool[] = [];
  cleanups.push(async () => {
    await Promise.all(pools.map((p) => p.end().catch(() => {})));
    await admin.query(`drop schema if exists ${quoteIdent(schema)} cascade`);
    await admin.end();
  });
  return {
    url: TEST_DATABASE_URL,
    schema,
    pool: (max = 4) => {
      const made = createPool({ url: TEST_DATABASE_URL, max, schema, applicationName: 'bangfu-test' });
      pools.push(made);
      return made;
    },
  };
}
