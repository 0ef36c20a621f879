/** How a record field is stored: as is, a timestamptz (ISO string ↔ Date), or jsonb (serialised here: pg would send an array as a SQL array). */
export type ColumnKind = 'plain' | 'time' | 'json';

/** One field of a record and its column. */
export type Column<T> = { field: keyof T & string; column: string; kind: ColumnKind };

/** `[field, column, kind]` shorthand; the column defaults to the field in snake_case. */
export type ColumnSpec<T> = (keyof T & string) | readonly [keyof T & string, string?, ColumnKind?];

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Maps one record type to its table: rows to records (SQL null → an absent optional field) and records to
 * parameters, with the upsert and the batch upsert (one JSON parameter for many rows) that write them.
 */
export class Codec<T extends object> {
  readonly columns: Column<T>[];
  /** `col_a, col_b, …` for select lists. */
  readonly list: string;

  constructor(
    readonly table: string,
    specs: ColumnSpec<T>[],
    readonly key: string[] = ['id'],
  ) {
    this.columns = specs.map((spec): Column<T> => {
      if (typeof spec === 'string') return { field: spec, column: snake(spec), kind: 'plain' };
      const [field, column = snake(field), kind = 'plain'] = spec;
      return { field, column, kind };
    });
    this.list = this.columns.map((c) => c.column).join(', ');
  }

  /** The record a row holds. */
  fromRow(row: Record<string, unknown>): T {
    const record: Record<string, unknown> = {};
    for (const { field, column, kind } of this.columns) {
      const value = row[column];
      if (value === null || value === undefined) continue;
      record[field] = kind === 'time' ? (value as Date).toISOString() : value;
    }
    return record as T;
  }

  /** The record's values in column order. */
  params(record: T): unknown[] {
    return this.columns.map(({ field, kind }) => {
      const value = (record as Record<string, unknown>)[field];
      if (value === undefined || value === null) return null;
      return kind === 'json' ? JSON.stringify(value) : value;
    });
  }

  /** The record as a JSON object keyed by column, for json_populate_recordset. */
  jsonRow(record: T): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    for (const { field, column } of this.columns) row[column] = (record as Record<string, unknown>)[field] ?? null;
    return row;
  }

  /** `insert … on conflict (key) do update` of one record, parameters from `params`. */
  get upsertSql(): string {
    const values = this.columns.map((_, i) => `$${i + 1}`).join(', ');
    return `insert into ${this.table} (${this.list}) values (${values}) ${this.onConflict()}`;
  }

  /** The same upsert for many records in one statement: `$1` is a JSON array of `jsonRow`s. */
  get batchUpsertSql(): string {
    return `insert into ${this.table} (${this.list}) select ${this.list} from json_populate_recordset(null::${this.table}, $1::json) ${this.onConflict()}`;
  }

  private onConflict(): string {
    const updates = this.columns.filter((c) => !this.key.includes(c.column)).map((c) => `${c.column} = excluded.${c.column}`);
    return `on conflict (${this.key.join(', ')}) do ${updates.length ? `update set ${updates.join(', ')}` : 'nothing'}`;
  }
}
