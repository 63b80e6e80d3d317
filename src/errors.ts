/**
 * Errors that carry their exit code, and the order that decides between codes.
 * Commands throw these or return a code; only main.ts turns them into the process's
 * exit code and a message. Anything else that escapes is a bug.
 */
export type ExitCode = 0 | 1 | 2 | 3 | 4 | 5 | 130;

/**
 * Which code a run ends with when several apply, for every command: 5 > 130 > 4 > 3 >
 * 2 > 1 > 0. A journal failure first: it says the progress on disk is incomplete, and
 * its resume hint matters most. Then an interruption: whoever sent the signal learns it
 * was honoured, and the run resumes like a stopped one. Then the API's stop, invalid
 * input, usage, and rows that failed.
 */
const PRECEDENCE: readonly ExitCode[] = [5, 130, 4, 3, 2, 1, 0];

export function decideExit(...codes: ExitCode[]): ExitCode {
  let exit: ExitCode = 0;
  for (const code of codes) if (PRECEDENCE.indexOf(code) < PRECEDENCE.indexOf(exit)) exit = code;
  return exit;
}

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

/**
 * The input does not fit: invalid or duplicate rows, no rows, a header that does not fit
 * the mapping, mapped fields the template lacks (pre-flight). Nothing was sent. (A file
 * that cannot be read as CSV text is a UsageError.)
 */
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
