/**
 * Errors that carry their exit code. Commands throw these; only main.ts turns them
 * into an exit code and a message. Anything else that escapes is a bug.
 */
export type ExitCode = 0 | 1 | 2 | 3 | 4 | 5 | 130;

export abstract class CliError extends Error {
  abstract readonly exitCode: ExitCode;
  /** Extra lines (already localised) printed after the message: hints, problem lists. */
  readonly details: readonly string[];
  constructor(message: string, details: readonly string[] = []) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** Bad flags, config or environment. Nothing was sent. */
export class UsageError extends CliError {
  readonly exitCode = 2 as const;
}

/** The CSV has invalid rows (or cannot be read as a CSV). Nothing was sent. */
export class InputError extends CliError {
  readonly exitCode = 3 as const;
}

/** The API stopped the run: auth, quota, expiry, unknown template, unreachable. */
export class ApiStopError extends CliError {
  readonly exitCode = 4 as const;
}

/** Progress could not be recorded durably. What was recorded stays valid. */
export class JournalError extends CliError {
  readonly exitCode = 5 as const;
}
