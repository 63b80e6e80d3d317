/**
 * The `download` job: the plan (./plan.ts), then each document at most `concurrency`
 * at a time through the run loop (../run-control.ts): its state and links looked up
 * (GET workflows) right before its files are fetched, because a link lasts five
 * minutes; each file fetched (api/file-download.ts) into a temporary file, recorded
 * in the manifest, renamed. A refused link is replaced (POST /workflow/download) and
 * tried again, twice at most.
 *
 * Interrupted (Ctrl-C, SIGTERM, SIGHUP), no new document starts and the ones in
 * flight finish; a second signal leaves at once, and the next run picks up what is
 * not in the manifest. A refused token or an unreachable server stops the run (exit
 * 4), so does a file that cannot be written (exit 5).
 */
import http from 'node:http';
import https from 'node:https';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fetchFile, SinkError, type FileFetchOptions } from '../../api/file-download.js';
import { downloadUrls, getWorkflowFiles, type CallFailure, type CallResult, type WorkflowFiles } from '../../api/requests.js';
import type { FileKind } from '../../core/file-names.js';
import { loadSettings, type SettingFlags, type Settings } from '../../config/settings.js';
import type { CommandContext } from '../../context.js';
import { CliError, decideExit, JournalError, UsageError, type ExitCode } from '../../errors.js';
import { TempDownload } from '../../io/download-files.js';
import { acquireLock } from '../../io/lock.js';
import { ManifestWriter, MANIFEST_NAME, rewriteManifest } from '../../io/manifest.js';
import { openResults } from '../../io/results-update.js';
import { t } from '../../ui/i18n.js';
import { clean, type Reporter } from '../../ui/reporter.js';
import { callFailure, openAccount, type AccountSession } from '../account.js';
import { now } from '../clock.js';
import { continueCommand } from '../command-line.js';
import { INTERRUPT_SIGNALS, RunControl } from '../run-control.js';
import { openSandbox } from '../sandbox.js';
import { planDownload, type DownloadPlan, type PlannedDocument } from './plan.js';

export interface DownloadOptions {
  input: string;
  dir?: string | undefined;
  settings: SettingFlags;
  /** `--sandbox`: the sandbox's documents (../sandbox.ts) */
  sandbox?: boolean | undefined;
}

/** A link is used for at most this long after it was handed out (it lasts 5 minutes). */
const LINK_MAX_AGE_MS = 4 * 60_000;
/** New links asked for one file after the old one was refused. */
const MAX_REFRESHES = 2;
/** Extra tries of a lookup whose answer was lost (a GET changes nothing). */
const LOOKUP_RETRIES = 2;

interface Links extends Omit<WorkflowFiles, 'workflow_status'> {
  /** Date.now() when they were handed out */
  at: number;
}

interface DownloadFailure {
  row: string;
  workflow_id: string;
  reason: string;
}

export interface DownloadTally {
  /** documents whose every file is now in the folder (fetched in this run, or before) */
  complete: number;
  files: number;
  bytes: number;
  skipped: Record<string, number>;
  failures: DownloadFailure[];
}

export class DownloadJob {
  /** Why the run stopped early (token refused, server unreachable, a file not written), if it did. */
  stop: CliError | undefined;
  readonly tally: DownloadTally = { complete: 0, files: 0, bytes: 0, skipped: {}, failures: [] };
  private readonly cleanups: (() => Promise<void> | void)[] = [];
  private control: RunControl | undefined;
  private session: AccountSession | undefined;
  private manifest: ManifestWriter | undefined;
  private fetchOptions: FileFetchOptions | undefined;

  private constructor(
    readonly ui: Reporter,
    readonly ctx: CommandContext,
    readonly settings: Settings,
    readonly dir: string,
    readonly plan: DownloadPlan,
    readonly concurrency: number,
  ) {
    for (const [state, n] of Object.entries(plan.skipped)) this.tally.skipped[state] = n;
    this.tally.complete = plan.documents - plan.todo.length - Object.values(plan.skipped).reduce((a, b) => a + b, 0);
  }

  /** Reads the settings and the results file, takes the folder, reads what it holds. */
  static async open(opts: DownloadOptions, ctx: CommandContext, ui: Reporter): Promise<DownloadJob> {
    const cleanups: (() => Promise<void> | void)[] = [];
    try {
      const settings = await loadSettings(opts.settings, ctx.env, ctx.cwd);
      const input = resolve(ctx.cwd, opts.input);
      if (!existsSync(input)) throw new UsageError(t('account.no_file', { file: opts.input }));
      const file = await openResults(input, opts.input);
      const dir = resolve(ctx.cwd, opts.dir ?? defaultDir(input));
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
      } catch (err) {
        throw new JournalError(t('download.no_dir', { dir, reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
      }
      const lock = acquireLock(join(dir, `${MANIFEST_NAME}.lock`));
      cleanups.push(() => lock.release());
      const plan = await planDownload(file, dir);
      if (opts.sandbox) {
        const sandbox = await openSandbox(ctx.env, ui, settings);
        cleanups.push(() => sandbox.close());
      }
      const concurrency = settings.sources.concurrency ? settings.concurrency : 4;
      const job = new DownloadJob(ui, ctx, settings, dir, plan, concurrency);
      job.cleanups.push(...cleanups);
      return job;
    } catch (err) {
      for (const cleanup of cleanups.reverse()) await cleanup();
      throw err;
    }
  }

  get interrupted(): boolean {
    return this.control?.interrupted ?? false;
  }

  /** Fetches what the plan left to fetch. The account is opened only when there is something to fetch. */
  async run(): Promise<void> {
    const todo = this.plan.todo;
    if (todo.length === 0) return;
    const { ui, settings, ctx } = this;
    const session = await openAccount(settings, ctx, ui, this.concurrency);
    this.session = session;
    this.cleanups.push(() => session.client.close());
    this.manifest = await ManifestWriter.open(this.dir, this.plan.read);
    const manifest = this.manifest;
    this.cleanups.push(() => manifest.close());
    const agents = { http: new http.Agent({ keepAlive: true, maxSockets: this.concurrency }), https: new https.Agent({ keepAlive: true, maxSockets: this.concurrency }) };
    this.cleanups.push(() => {
      agents.http.destroy();
      agents.https.destroy();
    });
    this.fetchOptions = {
      connectTimeout: settings.connect_timeout * 1000,
      idleTimeout: settings.response_timeout * 1000,
      maxRetries: settings.max_retries,
      apiUrl: settings.api_url,
      token: session.resolved.token,
      agents,
      log: ui.options.verbose ? (line) => ui.verbose(line) : undefined,
    };
    const control = new RunControl({
      ui,
      concurrency: this.concurrency,
      firstSignal: (signal) => t('download.interrupt_first', { signal }),
      secondSignal: () => [t('download.interrupt_second', { command: continueCommand(ctx.argv) })],
      exitNow: ctx.exitNow,
      signals: INTERRUPT_SIGNALS,
    });
    this.control = control;

    const total = todo.length;
    const step = ui.tty ? 1 : Math.max(1, Math.ceil(total / 10));
    let done = 0;
    await control.run(t('download.starting', { count: total }), async () => {
      for (const doc of todo) {
        const started = await control.start(async () => {
          try {
            await this.document(doc);
          } catch (err) {
            if (!(err instanceof CliError)) throw err;
            this.halt(err);
            return;
          }
          done++;
          if (done % step === 0 || done === total) {
            ui.progress({ done, total, sent: 0, failed: this.tally.failures.length, unknown: 0 }, t('download.progress', { done, total, files: this.tally.files }));
          }
        });
        if (!started) break;
      }
    });
  }

  /** One document: its state and links, then each missing file. */
  private async document(doc: PlannedDocument): Promise<void> {
    const looked = await this.lookup(doc.workflow_id);
    if (looked === undefined) return;
    if (looked.kind !== 'ok') return this.fail(doc, lookupReason(looked));
    const state = looked.value.workflow_status;
    if (state !== 'Complete') {
      this.tally.skipped[state] = (this.tally.skipped[state] ?? 0) + 1;
      return;
    }
    const links: Links = { doc_url: looked.value.doc_url, cert_url: looked.value.cert_url, at: Date.now() };
    const reasons: string[] = [];
    for (const kind of doc.missing) {
      if (this.stop) return;
      const reason = await this.file(doc, kind, links);
      if (reason !== undefined) reasons.push(reason);
    }
    // A run that stopped meanwhile (token refused, a file not written) says why once; the document is simply not done.
    if (reasons.length > 0) {
      if (!this.stop) this.fail(doc, reasons.join('; '));
    } else {
      this.tally.complete++;
    }
  }

  /** GET workflows, tried again when the answer was lost. Undefined when the run must stop. */
  private async lookup(workflowId: string): Promise<CallResult<WorkflowFiles> | undefined> {
    const client = this.session!.client;
    for (let attempt = 0; ; attempt++) {
      const result = await getWorkflowFiles(client, workflowId);
      if (result.kind === 'auth_rejected' || result.kind === 'unreachable') {
        this.halt(callFailure(result, this.session!, this.settings.api_url));
        return undefined;
      }
      if (result.kind !== 'unknown' || attempt >= LOOKUP_RETRIES) return result;
      await new Promise((r) => setTimeout(r, 250 * (attempt + 1)));
    }
  }

  /** One file, fetched into a temporary file, recorded, renamed. Undefined when it is there; else why not. */
  private async file(doc: PlannedDocument, kind: FileKind, links: Links): Promise<string | undefined> {
    const name = doc.names[kind];
    const temp = await TempDownload.create(this.dir, name).catch((err: unknown) => {
      throw this.writeFailed(join(this.dir, name), err);
    });
    let committed = false;
    try {
      for (let refresh = 0; ; refresh++) {
        if (links[urlKey(kind)] === '' || Date.now() - links.at > LINK_MAX_AGE_MS) {
          const why = await this.refresh(doc.workflow_id, links);
          if (why !== undefined) return why;
        }
        let result;
        try {
          result = await fetchFile(links[urlKey(kind)], temp, this.fetchOptions!);
        } catch (err) {
          throw this.writeFailed(temp.path, err instanceof SinkError ? err.cause : err);
        }
        if (result.kind === 'ok') {
          const { bytes, sha256 } = await temp.finish().catch((err: unknown) => {
            throw this.writeFailed(temp.path, err);
          });
          const entry = { row: doc.row, workflow_id: doc.workflow_id, file: name, bytes, sha256, downloaded_at: now() };
          await this.manifest!.append(entry);
          await temp.commit().catch((err: unknown) => {
            throw this.writeFailed(join(this.dir, name), err);
          });
          committed = true;
          this.plan.manifest.set(name, entry);
          this.tally.files++;
          this.tally.bytes += bytes;
          return undefined;
        }
        if (result.kind === 'refused' && refresh < MAX_REFRESHES) {
          links.at = 0; // a new link before the next try
          continue;
        }
        return result.kind === 'refused' ? t('download.link_refused', { kind, status: result.status }) : t('download.fetch_failed', { kind, reason: clean(result.reason) });
      }
    } finally {
      if (!committed) await temp.discard();
    }
  }

  /** New links (POST /workflow/download) into `links`. Undefined when there are; else why not. */
  private async refresh(workflowId: string, links: Links): Promise<string | undefined> {
    const result = await downloadUrls(this.session!.client, workflowId);
    switch (result.kind) {
      case 'ok':
        Object.assign(links, result.value, { at: Date.now() });
        return links.doc_url === '' || links.cert_url === '' ? t('download.no_link') : undefined;
      case 'auth_rejected':
      case 'unreachable':
        this.halt(callFailure(result, this.session!, this.settings.api_url));
        return t('download.stopped_reason');
      default:
        return lookupReason(result);
    }
  }

  private fail(doc: PlannedDocument, reason: string): void {
    this.tally.failures.push({ row: doc.row, workflow_id: doc.workflow_id, reason });
  }

  private halt(err: CliError): void {
    this.control?.stop();
    this.stop ??= err;
  }

  private writeFailed(path: string, err: unknown): JournalError {
    if (err instanceof JournalError) return err;
    return new JournalError(t('download.write_failed', { path, reason: (err as NodeJS.ErrnoException)?.code ?? String(err) }));
  }

  /** Rewrites the manifest in row order with every file that is there. */
  async finish(): Promise<void> {
    await this.manifest?.close();
    await rewriteManifest(this.dir, this.plan.manifest.values());
  }

  /** 5 a file not written, 130 interrupted, 4 the API stopped the run, 1 a document failed. */
  exitCode(): ExitCode {
    return decideExit(this.stop instanceof JournalError ? 5 : this.stop ? 4 : 0, this.interrupted ? 130 : 0, this.tally.failures.length > 0 ? 1 : 0);
  }

  async close(): Promise<void> {
    for (const cleanup of this.cleanups.reverse()) await cleanup();
  }
}

function urlKey(kind: FileKind): 'doc_url' | 'cert_url' {
  return kind === 'document' ? 'doc_url' : 'cert_url';
}

function lookupReason(failure: CallFailure): string {
  switch (failure.kind) {
    case 'result':
      return t('download.lookup_result', { code: failure.code, message: clean(failure.message) });
    case 'unknown':
      return t('download.lookup_lost', { reason: clean(failure.reason) });
    default:
      return t('download.stopped_reason');
  }
}

/** Beside the results file: `signers.results.csv` → `signers.results-pdf`. */
function defaultDir(input: string): string {
  return join(dirname(input), `${basename(input, extname(input))}-pdf`);
}
