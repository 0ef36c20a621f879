/** A cell as read: text from CSV; text, number or Date (date-formatted cells) from XLSX. */
export type Cell = string | number | Date;

/** One data row: its spreadsheet row number (as Excel shows it) and its cells by column name. */
export type TableRow = { rowNumber: number; cells: Record<string, Cell> };

/** A spreadsheet opened for reading: the header, then the data rows as a stream. */
export type Table = {
  /** Column name by position: the spec's name where recognised (variants mapped), else the header text. */
  headers: string[];
  /** The header text as written, by position. */
  labels: string[];
  /** The row number of the header's (first) row. */
  headerRow: number;
  /** The worksheet read (XLSX only). */
  sheet?: string;
  rows: AsyncIterable<TableRow>;
  /** Rows passed over as 合计/小计 or notes, filled in as the rows are read. */
  ignored: number[];
  /** Bytes read so far and the file size, for a progress bar (absent for in-memory tables). */
  progress?: () => { done: number; total: number };
  /** Stops reading early and frees the file. */
  close: () => void;
};

/** Thrown when a file cannot be read as a table; the message says, in Chinese, what to do. */
export class TableError extends Error {}

/** The text encodings a CSV file from Chinese Excel or WPS comes in. */
