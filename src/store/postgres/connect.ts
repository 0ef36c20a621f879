import pg from 'pg';

/** A pool or one of its checked-out clients (inside a transaction): anything that runs a query. */
export type Db = pg.Pool | pg.PoolClient;

/** How to connect: the URL from DATABASE_URL, the pool size, and a schema to work in (tests use one per file). */
export type PgSettings = { url: string; max?: number; schema?: string; applicationName?: string };

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

// Calendar dates stay `YYYY-MM-DD` strings as the records hold them (the default parser makes a local-time Date);
// bigint (amounts in fen) and numeric (yuan) fit a JS number exactly at the sizes stored.
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === DATE_OID) return (value: string) => value;
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Whether a string is a PostgreSQL connection URL (what selects the PostgreSQL store). */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

/** Quotes an identifier (a schema name) for SQL text. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A connection pool. A session that idles inside a transaction for a minute (a hung instance holding a
 * conversation's lock) is ended by the server, which releases its locks.
 */
export function createPool({ url, max = 10, schema, applicationName = 'bangfu' }: PgSettings): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types,
    application_name: applicationName,
    idle_in_transaction_session_timeout: 60_000,
    connectionTimeoutMillis: 10_000,
    ...(schema === undefined ? {} : { options: `-c search_path=${quoteIdent(schema)},public` }),
  });
  // An idle client whose connection drops (a database restart) emits here; the pool replaces it on the next query.
  pool.on('error', () => {});
  return pool;
}

/** Runs `work` in one transaction on one client: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    // A client that cannot even roll back has lost its connection: the pool must not hand it out again.
    await client.query('rollback').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
