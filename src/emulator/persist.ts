/**
 * The emulator's documents in a local state file, so a sandbox outlives the command
 * that started it: `send --sandbox`, then `status`, `remind`, `cancel` see the same
 * documents. Read once at start; rewritten whole, atomically (temporary file, fsync,
 * rename), after every change. Made for a sandbox's hundreds or thousands of
 * documents; without a state file the emulator keeps its compact in-memory store
 * only (a million documents).
 *
 * One process at a time: two emulators writing one file keep the last writer's view.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { DOC_STATUSES } from './store.js';

export const STATE_FORMAT = 'esignon-bulk emulator state';
export const STATE_VERSION = 1;

const str = z.string();
const customerB = z.strictObject({
  memb_id_type: str,
  email: str,
  name: str,
  language: str,
  mobile_number: str,
  mobile_cert: z.boolean(),
  password_cert: z.boolean(),
  password_hint: str,
});
const extra = z.strictObject({
  mobile_number: str.optional(),
  mobile_cert: z.literal(true).optional(),
  password_cert: z.literal(true).optional(),
  password_hint: str.optional(),
  customer_b: customerB.optional(),
});
const event = z.strictObject({
  step_code: z.enum(['WORKFLOW_START', 'SIGN_REQ', 'VIEW', 'SIGN_COMPLETE', 'WORKFLOW_COMPLETE', 'WORKFLOW_CANCEL', 'DISPOSAL', 'TRUNCATE', 'RESEND', 'DOC_DOWN', 'CERT_DOWN']),
  at: z.number(),
  action_id: z.number().int().positive(),
  email: str,
  name: str,
  comment: str.optional(),
});

const snapshotSchema = z.strictObject({
  format: z.literal(STATE_FORMAT),
  version: z.literal(STATE_VERSION),
  id_base: z.number().int().positive(),
  token_secret: str.min(1),
  first: z.number().int().nonnegative(),
  /** Tokens accepted besides the configured ones (issued by 1001Q). */
  tokens: z.array(str),
  batches: z.array(z.strictObject({ session_id: str, created_at: z.number(), default_title: str, comment: str })),
  documents: z.array(
    z.strictObject({
      batch: z.number().int().nonnegative(),
      workflow_lib_id: str,
      contact: str,
      name: str,
      workflow_name: str,
      language: str,
      fields: z.array(z.strictObject({ doc_id: str, field_name: str, field_value: str })),
      extra: extra.optional(),
      status: z.enum(DOC_STATUSES),
      reminded: z.number().int().nonnegative(),
      events: z.array(event),
    }),
  ),
});
export type StateSnapshot = z.infer<typeof snapshotSchema>;

/** A state file that cannot be used; `reason` says why, for the user. */
export class EmulatorStateError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`emulator state file ${path}: ${reason}`);
    this.name = 'EmulatorStateError';
  }
}

/** The snapshot in `path`, or undefined when the file does not exist yet. */
export function readStateFile(path: string): StateSnapshot | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new EmulatorStateError(path, (err as Error).message);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new EmulatorStateError(path, 'not JSON (damaged, or not an emulator state file)');
  }
  const parsed = snapshotSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EmulatorStateError(path, `not an emulator state file of version ${STATE_VERSION} (${issue.path.join('.') || 'top'}: ${issue.message})`);
  }
  for (const d of parsed.data.documents) {
    if (d.batch >= parsed.data.batches.length) throw new EmulatorStateError(path, 'a document names a batch that does not exist');
  }
  return parsed.data;
}

/** Replaces `path` with the snapshot: a reader sees the old file or the new one, never a mix. */
export function writeStateFile(path: string, snapshot: StateSnapshot): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(snapshot));
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, path);
  try {
    // The rename itself survives a crash only once the folder is synced.
    const dir = openSync(dirname(path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // some file systems (and Windows) cannot sync a folder; the rename is still atomic
  }
}
