/**
 * `--sandbox`: the one place that decides what the sandbox replaces and where its
 * documents live, for every command that takes it.
 *
 * A sandbox command runs the emulator (src/emulator/) in its own process, on a free
 * loopback port, with the sandbox account, and points the settings at it: the API
 * URL, the account, the template and its document, and the token (SANDBOX_REPLACES,
 * in the option table). Its documents are kept in the user's state folder
 * (`$XDG_STATE_HOME/esignon-bulk/sandbox.json`, beside the record of runs), which the
 * emulator reads as it starts and rewrites atomically after every change, so that
 * `send --sandbox`, then `status`, `remind`, `cancel` and `download --sandbox` see
 * the same documents. One sandbox command at a time: each holds a lock beside the
 * file until it ends (a second one is refused, not queued: two processes would each
 * keep their own view and the last writer's would win).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_REPLACES } from '../config/options.js';
import type { Settings } from '../config/settings.js';
import { SANDBOX } from '../emulator/sandbox.js';
import { UsageError } from '../errors.js';
import { acquireLock, type Lock } from '../io/lock.js';
import { ensurePrivateDir, stateDir } from '../io/run-records.js';
import { t } from '../ui/i18n.js';
import type { Reporter } from '../ui/reporter.js';

/** Where the sandbox keeps its documents. */
export function sandboxStatePath(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'sandbox.json');
}

/** The sandbox's template: the "2단계 C" one when the mapping has a customer B, else the one-step one. */
function sandboxTemplate(settings: Pick<Settings, 'mapping'>): { workflow_lib_id: string; doc_id: string } {
  return settings.mapping.customer_b
    ? { workflow_lib_id: SANDBOX.customer_b_workflow_lib_id, doc_id: SANDBOX.customer_b_doc_id }
    : { workflow_lib_id: SANDBOX.workflow_lib_id, doc_id: SANDBOX.doc_id };
}

/**
 * Replaces in `settings` what the sandbox replaces, whatever the flags, environment
 * or config file said (the mapping, batch size and the rest stay the user's).
 * `apiUrl`: the sandbox emulator's, when one runs (validate offline needs none).
 */
export function replaceForSandbox(settings: Settings, apiUrl?: string): void {
  const template = sandboxTemplate(settings);
  // One entry per key of SANDBOX_REPLACES: a key added there and not here does not compile.
  const replace: Record<(typeof SANDBOX_REPLACES)[number], () => void> = {
    api_url: () => {
      if (apiUrl !== undefined) settings.api_url = apiUrl;
    },
    comp_id: () => (settings.comp_id = SANDBOX.comp_id),
    memb_email: () => (settings.memb_email = SANDBOX.memb_email),
    client_id: () => (settings.client_id = SANDBOX.client_id),
    workflow_lib_id: () => (settings.workflow_lib_id = template.workflow_lib_id),
    doc_id: () => {
      settings.doc_id = template.doc_id;
      settings.mapping.doc_id = template.doc_id;
    },
    // resolveToken (config/token.ts) answers this one and reads no other.
    token: () => (settings.sandbox = { token: SANDBOX.token }),
    token_file: () => (settings.token_file = undefined),
  };
  for (const key of SANDBOX_REPLACES) {
    replace[key]();
    // A message that names where a value came from names the sandbox.
    if (key !== 'api_url' || apiUrl !== undefined) settings.sources[key] = '--sandbox';
  }
}

/** The sandbox's emulator, running for this command on the documents of the state file. */
export interface Sandbox {
  url: string;
  /** the state file */
  path: string;
  /** workflow_id → state, of every document the sandbox holds */
  documents(): Map<string, string>;
  /** Every step left of a document in progress signs: it is then Complete. False when it is not in progress (or not there). */
  sign(workflowId: string): boolean;
  /** Stops the emulator (the state file is already written) and releases the lock. */
  close(): Promise<void>;
}

/**
 * Starts the sandbox for this command: takes the lock, starts the emulator on the
 * state file and, given `settings`, replaces what the sandbox replaces in them.
 */
export async function openSandbox(env: NodeJS.ProcessEnv, ui: Reporter, settings?: Settings): Promise<Sandbox> {
  const path = sandboxStatePath(env);
  const lock = lockSandbox(env, path);
  try {
    const { startEmulator, EmulatorStateError } = await import('../emulator/server.js');
    let emulator: Awaited<ReturnType<typeof startEmulator>>;
    try {
      emulator = await startEmulator({ port: 0, stateFile: path });
    } catch (err) {
      if (err instanceof EmulatorStateError) throw new UsageError(t('sandbox.damaged', { path, reason: err.reason }), [t('sandbox.damaged_hint')]);
      throw err;
    }
    if (settings) replaceForSandbox(settings, emulator.url);
    ui.info(t('sandbox.started', { url: emulator.url, path, template: settings?.workflow_lib_id }));
    let closed = false;
    return {
      url: emulator.url,
      path,
      documents: () => new Map(emulator.state().documents.map((d) => [d.workflow_id, d.status])),
      sign: (workflowId) => emulator.sign(workflowId),
      close: async () => {
        if (closed) return;
        closed = true;
        try {
          await emulator.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}

/**
 * Forgets the sandbox's documents: removes its state file. Returns how many
 * documents it held (undefined when it could not be read: it is removed all the same).
 */
export async function resetSandbox(env: NodeJS.ProcessEnv): Promise<{ path: string; documents: number | undefined }> {
  const path = sandboxStatePath(env);
  const lock = lockSandbox(env, path);
  try {
    const { readStateFile } = await import('../emulator/persist.js');
    let documents: number | undefined;
    try {
      documents = readStateFile(path)?.documents.length ?? 0;
    } catch {
      documents = undefined; // damaged: a reset is what the message about it suggests
    }
    rmSync(path, { force: true });
    return { path, documents };
  } finally {
    lock.release();
  }
}

/** One sandbox command at a time: the lock beside the state file, with the sandbox's own refusal. */
function lockSandbox(env: NodeJS.ProcessEnv, path: string): Lock {
  try {
    ensurePrivateDir(env);
  } catch (err) {
    throw new UsageError(t('sandbox.no_state_dir', { dir: stateDir(env), reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
  }
  return acquireLock(`${path}.lock`, (p) => t('sandbox.busy', p));
}
