/** A dashboard action that cannot be done, with a Chinese message for the person who tried and an HTTP status. */
export class AdminError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
