/** Thrown at start-up when the data dir cannot be used as configured; the message names the setting and what to do. */
export class DataDirError extends Error {}
