/**
 * `esignon-bulk emulator`: run the local eSignon emulator until SIGINT/SIGTERM/SIGHUP.
 * Human-readable lines go to stderr; stdout gets exactly one JSON line,
 * `{"url":"http://127.0.0.1:PORT"}`, so a script can start it with `--port 0` and
 * find the port.
 */
import { UsageError } from '../errors.js';
import { describeFaultsError, faultsPatchSchema, faultsSchema, type FaultsPatch } from '../emulator/faults.js';
import { SANDBOX } from '../emulator/sandbox.js';
import { DEFAULT_EMULATOR_PORT, EmulatorStateError, startEmulator, type RunningEmulator } from '../emulator/server.js';
import { INTERRUPT_SIGNALS } from '../jobs/run-control.js';
import { t } from '../ui/i18n.js';

/** Every fault's name, for the hint after a bad `--faults`. */
const FAULT_NAMES = Object.keys(faultsSchema.shape).join(', ');

export interface EmulatorCommandOptions {
  /** Default 8787; 0 = any free port. */
  port?: number;
  /** A JSON faults object, e.g. `{"latency_ms":200,"fail_requests":[3]}`. */
  faults?: string;
  latency?: number;
  failRate?: number;
  quota?: number;
  seed?: number;
  /** Keep the documents in this file between runs (created when missing). */
  state?: string;
}

interface Writer {
  write(text: string): unknown;
}

export interface EmulatorCommandDeps {
  stdout?: Writer;
  stderr?: Writer;
  /** Resolves when the emulator should stop. Default: the first SIGINT or SIGTERM. */
  stop?: Promise<unknown>;
  /** Called once the emulator listens (tests use it to reach the instance). */
  onReady?: (emulator: RunningEmulator) => void;
}

export async function emulatorCommand(opts: EmulatorCommandOptions, deps: EmulatorCommandDeps = {}): Promise<number> {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const port = opts.port ?? DEFAULT_EMULATOR_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(t('emulator.bad_option', { flag: '--port', value: String(opts.port), expected: t('emulator.expect_port') }));
  }
  if (opts.seed !== undefined && !Number.isInteger(opts.seed)) {
    throw new UsageError(t('emulator.bad_option', { flag: '--seed', value: String(opts.seed), expected: t('emulator.expect_integer') }));
  }
  const faults = faultsFromOptions(opts);

  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({
      port,
      faults,
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      ...(opts.state !== undefined ? { stateFile: opts.state } : {}),
    });
  } catch (err) {
    if (err instanceof EmulatorStateError) {
      throw new UsageError(t('emulator.state_unusable', { file: err.path, reason: err.reason }), [t('emulator.state_hint')]);
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(t('emulator.port_in_use', { port }));
    if (code === 'EACCES') throw new UsageError(t('emulator.port_denied', { port }));
    throw err;
  }

  const url = emulator.url;
  const lines = [
    opts.state === undefined ? t('emulator.listening', { url }) : t('emulator.listening_state', { url, file: opts.state }),
    t('emulator.account'),
    `  comp_id          ${emulator.account.comp_id}`,
    `  memb_email       ${emulator.account.memb_email}`,
    `  token            ${SANDBOX.token}`,
    `  workflow_lib_id  ${SANDBOX.workflow_lib_id}`,
    `  doc_id           ${SANDBOX.doc_id}  (fields: ${SANDBOX.field_names.join(', ')})`,
    t('emulator.customer_b_template', {
      lib: SANDBOX.customer_b_workflow_lib_id,
      doc: SANDBOX.customer_b_doc_id,
      fields: SANDBOX.customer_b_field_names.join(', '),
    }),
    t('emulator.use'),
    `  export ESIGNON_API_URL=${url}`,
    `  export ESIGNON_COMP_ID=${emulator.account.comp_id}`,
    `  export ESIGNON_MEMB_EMAIL=${emulator.account.memb_email}`,
    `  export ESIGNON_CLIENT_ID=${emulator.account.client_id}`,
    `  export ESIGNON_WORKFLOW_LIB_ID=${SANDBOX.workflow_lib_id}`,
    `  export ESIGNON_DOC_ID=${SANDBOX.doc_id}`,
    `  export ESIGNON_TOKEN=${SANDBOX.token}`,
  ];
  if (Object.keys(faults).length > 0) lines.push(t('emulator.faults', { faults: JSON.stringify(faults) }));
  lines.push(t('emulator.control', { url }), t('emulator.stop_hint'));
  stderr.write(lines.join('\n') + '\n');
  stdout.write(JSON.stringify({ url }) + '\n');
  deps.onReady?.(emulator);

  await (deps.stop ?? nextSignal());
  await emulator.close();
  stderr.write(t('emulator.stopped') + '\n');
  return 0;
}

/**
 * The faults asked for by `--faults` and the shorthand flags (which win over the same
 * keys in `--faults`), validated: a bad key or value is a UsageError naming it.
 */
export function faultsFromOptions(opts: EmulatorCommandOptions): FaultsPatch {
  let patch: Record<string, unknown> = {};
  if (opts.faults !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(opts.faults);
    } catch (err) {
      throw new UsageError(t('emulator.bad_faults_json', { error: (err as Error).message }), [t('emulator.faults_hint', { faults: FAULT_NAMES })]);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new UsageError(t('emulator.bad_faults', { problems: 'faults: expected a JSON object' }), [t('emulator.faults_hint', { faults: FAULT_NAMES })]);
    }
    patch = parsed as Record<string, unknown>;
  }
  const flags = [
    ['--latency', 'latency_ms', opts.latency, 'emulator.expect_ms'],
    ['--fail-rate', 'fail_rate', opts.failRate, 'emulator.expect_rate'],
    ['--quota', 'quota', opts.quota, 'emulator.expect_count'],
  ] as const;
  for (const [flag, key, value, expected] of flags) {
    if (value === undefined) continue;
    if (!faultsSchema.shape[key].safeParse(value).success) {
      throw new UsageError(t('emulator.bad_option', { flag, value: String(value), expected: t(expected) }));
    }
    patch[key] = value;
  }
  const checked = faultsPatchSchema.safeParse(patch);
  if (!checked.success) {
    throw new UsageError(t('emulator.bad_faults', { problems: describeFaultsError(checked.error).join('; ') }), [
      t('emulator.faults_hint', { faults: FAULT_NAMES }),
    ]);
  }
  return patch as FaultsPatch;
}

/** Resolves on the first interrupt signal (SIGINT, SIGTERM, SIGHUP), with the handlers removed again. */
function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      for (const s of INTERRUPT_SIGNALS) process.off(s, on);
      resolve(signal);
    };
    for (const s of INTERRUPT_SIGNALS) process.on(s, on);
  });
}
