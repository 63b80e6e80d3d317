/**
 * Everything the tool prints goes through here. Standard output carries only what a
 * command is asked for (the `--json` document, a token with `login --print`);
 * progress, problems and summaries go to standard error. The only user of ora; chalk
 * colours the messages here and the tables of table.ts.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Ora } from 'ora';
import { cleanForDisplay } from '../core/text.js';

export interface OutputOptions {
  quiet: boolean;
  json: boolean;
  /** false for --no-color; NO_COLOR and a non-terminal stderr switch colour off too */
  color: boolean;
  verbose: boolean;
}

export interface Streams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

export interface Progress {
  done: number;
  total: number;
  sent: number;
  failed: number;
  unknown: number;
}

/** Text from the server or the CSV, made safe to print: control, zero-width and bidi characters removed. */
export function clean(text: string): string {
  return cleanForDisplay(text, Infinity);
}

/** An ISO time as a person reads it: local date and time to the minute (`2026-03-01 09:30`); the text itself when it is not a time. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (iso === '' || Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

let jsonPrinted = false;

/** Whether a command has printed its --json document (main prints one for errors otherwise). */
export function jsonWasPrinted(): boolean {
  return jsonPrinted;
}

/** How the reporter paces its progress lines. */
export interface Pace {
  /**
   * Without a terminal (a CI log, a file), a progress line at most this often, plus one
   * at the start and one at the end: a million rows log hundreds of lines, not one per
   * batch. Default 5 s.
   */
  progressEveryMs?: number | undefined;
}

export class Reporter {
  readonly color: ChalkInstance;
  readonly tty: boolean;
  private spinner: Ora | undefined;
  private startedAt = 0;
  private readonly progressEveryMs: number;
  /** When the last plain progress line was printed, and the latest one not printed yet. */
  private lastProgressAt = 0;
  private pendingProgress: string | undefined;

  constructor(
    readonly options: OutputOptions,
    private readonly streams: Streams,
    pace: Pace = {},
  ) {
    this.progressEveryMs = pace.progressEveryMs ?? 5000;
    // A terminal that reports no width makes ora redraw forever: plain lines there.
    this.tty = streams.stderr.isTTY === true && !streams.env.CI && (streams.stderr.columns ?? 0) > 0;
    const noColor = streams.env.NO_COLOR !== undefined && streams.env.NO_COLOR !== '';
    const colorful = options.color && !noColor && streams.stderr.isTTY === true;
    this.color = new Chalk({ level: colorful ? 1 : 0 });
  }

  /** A normal message (hidden by --quiet). */
  info(message: string): void {
    if (!this.options.quiet) this.line(message);
  }

  warn(message: string): void {
    if (!this.options.quiet) this.line(this.color.yellow(message));
  }

  /** Errors are printed even with --quiet. */
  error(message: string): void {
    this.line(this.color.red(message));
  }

  verbose(message: string): void {
    if (this.options.verbose) this.line(this.color.dim(clean(message)));
  }

  /** The one JSON document a command prints with --json. */
  json(document: unknown): void {
    jsonPrinted = true;
    this.streams.stdout.write(JSON.stringify(document, null, 2) + '\n');
  }

  /** Something a command prints on stdout by request (not with --json). */
  stdout(text: string): void {
    this.streams.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }

  async progressStart(text: string): Promise<void> {
    this.startedAt = Date.now();
    this.pendingProgress = undefined;
    if (this.options.quiet) return;
    if (!this.tty) {
      this.lastProgressAt = this.startedAt;
      this.line(text);
      return;
    }
    const { default: ora } = await import('ora');
    // discardStdin off: ora's default puts the terminal in raw mode (to swallow typing), where
    // Ctrl-C is a plain byte instead of SIGINT, and it only reads that byte when standard input
    // was already flowing — so a send could not be interrupted. In the terminal's normal mode
    // the terminal itself turns Ctrl-C into SIGINT, whatever we read.
    this.spinner = ora({ text, stream: this.streams.stderr, color: 'cyan', isEnabled: true, discardStdin: false }).start();
  }

  /**
   * On a terminal, the spinner line. Otherwise a plain line once every `progressEveryMs`
   * and for the last piece of work; progressStop() prints the latest one not yet shown.
   */
  progress(p: Progress, text: string): void {
    if (this.options.quiet) return;
    const eta = this.eta(p);
    const line = eta ? `${text} · ETA ${eta}` : text;
    if (this.spinner) this.spinner.text = line;
    else if (!this.tty) {
      const now = Date.now();
      if (p.done >= p.total || now - this.lastProgressAt >= this.progressEveryMs) {
        this.lastProgressAt = now;
        this.pendingProgress = undefined;
        this.line(line);
      } else {
        this.pendingProgress = line;
      }
    }
  }

  progressStop(): void {
    this.spinner?.stop();
    this.spinner = undefined;
    // A run that stopped early: where it got to is the end line.
    if (this.pendingProgress !== undefined) this.line(this.pendingProgress);
    this.pendingProgress = undefined;
  }

  private eta(p: Progress): string {
    if (p.done === 0 || p.done >= p.total) return '';
    const elapsed = Date.now() - this.startedAt;
    const seconds = Math.round(((elapsed / p.done) * (p.total - p.done)) / 1000);
    return seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
  }

  private line(text: string): void {
    if (this.spinner) {
      this.spinner.clear();
      this.streams.stderr.write(text + '\n');
      this.spinner.render();
    } else {
      this.streams.stderr.write(text + '\n');
    }
  }
}
