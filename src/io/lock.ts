/**
 * One run per results file: a lock file next to it, naming its holder.
 *
 * - The file appears under its name with its whole content or not at all: the
 *   record is written to a uniquely named file first and hard-linked into place
 *   (link() fails when the name exists, so exactly one process wins). A reader never
 *   sees an empty lock and takes it for a dead one.
 * - The record says who holds it: tool, host, PID, the process's start time and the
 *   machine's boot id (Linux; they tell a live holder from a reused PID), its PID
 *   namespace (a container), a random nonce (this very lock) and the date.
 * - A lock whose holder is certainly gone (no such process, another start time, the
 *   machine restarted since) is taken over. Removing it is guarded by a second lock
 *   named after the dead lock's nonce, so of several processes that all judged the
 *   same lock dead only one removes it, and never a lock that replaced it meanwhile.
 * - A lock from another machine or container, or naming a live process that cannot
 *   be confirmed to be an esignon-bulk run, is reported with what to do (remove the
 *   file if no other run uses these results), never taken over and never waited on.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readdirSync, readFileSync, readlinkSync, fstatSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { hostname } from 'node:os';
import { UsageError } from '../errors.js';
import { t } from '../ui/i18n.js';
import { undoAtExit } from './leftovers.js';
import { isAlive, isGone, startTime } from './processes.js';

export interface Lock {
  path: string;
  release(): void;
}

interface LockRecord {
  tool: 'esignon-bulk';
  pid: number;
  host: string;
  /** Clock ticks since boot when the process started (/proc/PID/stat); null where unknown. */
  start: number | null;
  /** /proc/sys/kernel/random/boot_id; null where unknown. */
  boot: string | null;
  /** The PID namespace (`pid:[4026531836]`): PIDs of another container mean nothing here. */
  pidns: string | null;
  nonce: string;
  since: string;
}

/** Why a lock could not be taken: a live run holds it, or whether it does cannot be known here. */
export class LockedError extends UsageError {
  constructor(
    readonly reason: 'held' | 'other_host' | 'unverified' | 'busy',
    message: string,
  ) {
    super(message);
  }
}

/** An empty or unreadable lock older than this was left by a crash between creating and writing it (older versions). */
const UNREADABLE_STALE_MS = 10_000;
/** How long to wait for other processes busy taking over a dead lock. */
const BUSY_WAIT_MS = 3_000;
/** Guards of guards: a process killed while taking over, then its successor killed too… */
const MAX_GUARD_DEPTH = 3;

/** What a refusal says when a live run holds the lock: by default, that it uses these results. */
type HeldMessage = (p: { path: string; pid: number; since: string }) => string;

export function acquireLock(path: string, heldMessage: HeldMessage = (p) => t('send.locked', p)): Lock {
  const record = ownRecord();
  const text = JSON.stringify(record) + '\n';
  // The record complete on disk before it has the lock's name; 0600 like every file we write.
  const staged = `${path}.${record.nonce}.tmp`;
  try {
    const fd = openSync(staged, 'wx', 0o600);
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    // A full disk lets the file be created but not written: nothing of it may stay.
    try {
      unlinkSync(staged);
    } catch {
      /* never created */
    }
    throw new UsageError(t('lock.cannot_create', { path, reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
  }
  try {
    const deadline = Date.now() + BUSY_WAIT_MS;
    let current: FoundLock | undefined;
    for (;;) {
      if (Date.now() > deadline) throw locked('busy', path, current, heldMessage);
      if (createExclusive(path, staged, text)) {
        removeStaleStaging(path, staged);
        return held(path, record.nonce);
      }
      current = readLock(path);
      if (current === undefined) continue; // released meanwhile: try again
      const verdict = judge(current);
      if (verdict === 'dead') removeDead(path, current.key, staged, text, 0);
      else if (verdict === 'settling') sleep(5);
      else throw locked(verdict, path, current, heldMessage);
    }
  } finally {
    try {
      unlinkSync(staged);
    } catch {
      /* gone */
    }
  }
}

/**
 * Gives `name` the content of `staged` if `name` does not exist; false if it does.
 * On a file system without hard links, an exclusive create and a write instead: a
 * reader meanwhile sees an empty or partial lock, which `judge` waits on ("settling").
 */
function createExclusive(name: string, staged: string, text: string): boolean {
  try {
    linkSync(staged, name);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
  }
  let fd: number;
  try {
    fd = openSync(name, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Removes the staged records (`LOCK.NONCE.tmp`) that processes killed while taking the
 * lock left: only those naming a process of this machine that has certainly ended.
 */
function removeStaleStaging(path: string, own: string): void {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^[0-9a-f]{32}\.tmp$/.test(name.slice(prefix.length))) continue;
    const file = join(dir, name);
    if (file === own) continue;
    try {
      const r = parseRecord(readFileSync(file, 'utf8'));
      if (r?.pid === undefined || r.host !== machine().host || (r.boot && r.boot !== machine().boot)) continue;
      if (isGone(r.pid, typeof r.start === 'number' ? r.start : 0)) unlinkSync(file);
    } catch {
      /* gone meanwhile */
    }
  }
}

function held(path: string, nonce: string): Lock {
  let released = false;
  // Also when a signal ends the process before the command's own cleanup runs (leftovers.ts).
  const forget = undoAtExit(() => lock.release());
  const lock: Lock = {
    path,
    release() {
      if (released) return;
      released = true;
      forget();
      // Only ever our own lock: nobody else removes a lock whose holder is alive.
      if (readLock(path)?.record?.nonce === nonce) {
        try {
          unlinkSync(path);
        } catch {
          /* already gone */
        }
      }
    },
  };
  return lock;
}

/**
 * Removes the dead lock `file` (identified by `key`) unless someone else is doing it.
 * Only the process that links the guard `file.takeover-KEY` may remove it, and it
 * does so only if `file` still is that lock: a key never comes back once its lock is
 * gone, so a later holder of the same guard finds another lock, or none, and leaves it.
 */
function removeDead(file: string, key: string, staged: string, text: string, depth: number): void {
  const guard = `${file}.takeover-${key}`;
  if (!createExclusive(guard, staged, text)) {
    const other = readLock(guard);
    // Another process is removing it (or was killed doing so: then its guard is dead too).
    if (other !== undefined && depth < MAX_GUARD_DEPTH && judge(other) === 'dead') removeDead(guard, other.key, staged, text, depth + 1);
    else sleep(2);
    return;
  }
  try {
    if (readLock(file)?.key === key) unlinkSync(file);
  } finally {
    unlinkSync(guard);
  }
}

interface FoundLock {
  /** The nonce, or for a lock without one (older versions, a torn file) a hash of what identifies the file. */
  key: string;
  record?: Partial<LockRecord> | undefined;
  ageMs: number;
}

function readLock(path: string): FoundLock | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const stat = fstatSync(fd);
    const text = readFileSync(fd, 'utf8');
    const ageMs = Date.now() - stat.mtimeMs;
    const record = parseRecord(text);
    const key =
      typeof record?.nonce === 'string' && /^[0-9a-f]{8,64}$/.test(record.nonce)
        ? record.nonce
        : createHash('sha256').update(`${stat.ino}:${stat.mtimeMs}:${text}`).digest('hex').slice(0, 32);
    return { key, record, ageMs };
  } finally {
    closeSync(fd);
  }
}

function parseRecord(text: string): Partial<LockRecord> | undefined {
  // Versions before 0.2 wrote the PID alone.
  if (/^\d+\s*$/.test(text)) return { pid: Number.parseInt(text, 10) };
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && Number.isInteger((value as LockRecord).pid) ? (value as LockRecord) : undefined;
  } catch {
    return undefined;
  }
}

type Verdict = 'held' | 'dead' | 'other_host' | 'unverified' | 'settling';

function judge(lock: FoundLock): Verdict {
  const r = lock.record;
  // Unreadable: torn by a crash (an older version wrote it in two steps) or being written by one.
  if (r === undefined || r.pid === undefined || r.pid <= 0) return lock.ageMs > UNREADABLE_STALE_MS ? 'dead' : 'settling';
  const me = machine();
  if (r.host !== undefined && r.host !== me.host) return 'other_host';
  if (r.boot && me.boot && r.boot !== me.boot) return 'dead'; // restarted since: every process of then is gone
  if (r.pidns && me.pidns && r.pidns !== me.pidns) return 'other_host'; // another container: its PIDs are not ours
  if (r.pid === process.pid && r.start === undefined) return 'dead'; // an old-style lock naming us (a container's PID 1 again)
  if (!isAlive(r.pid)) return 'dead';
  const start = startTime(r.pid);
  if (typeof r.start === 'number' && start !== null) return r.start === start ? 'held' : 'dead'; // same PID, another process
  return 'unverified';
}

function locked(verdict: Exclude<Verdict, 'dead' | 'settling'> | 'busy', path: string, lock: FoundLock | undefined, heldMessage: HeldMessage): LockedError {
  const r = lock?.record ?? {};
  const p = { path, pid: r.pid ?? 0, host: r.host ?? '?', since: r.since ?? '?' };
  switch (verdict) {
    case 'held':
      return new LockedError('held', heldMessage(p));
    case 'other_host':
      return new LockedError('other_host', t('lock.other_host', p));
    case 'unverified':
      return new LockedError('unverified', t('lock.unverified', p));
    case 'busy':
      return new LockedError('busy', t('lock.busy', p));
  }
}

/** A process as a lock names it, to be judged later by processGone (a run record keeps one). */
export type ProcessMark = Pick<LockRecord, 'pid' | 'host' | 'start' | 'boot' | 'pidns'>;

export function thisProcess(): ProcessMark {
  const { pid, host, start, boot, pidns } = ownRecord();
  return { pid, host, start, boot, pidns };
}

/** Whether the process `mark` names has certainly ended (one of another machine, or one that cannot be checked, has not). */
export function processGone(mark: ProcessMark): boolean {
  return judge({ key: '', record: mark, ageMs: 0 }) === 'dead';
}

function ownRecord(): LockRecord {
  const me = machine();
  return {
    tool: 'esignon-bulk',
    pid: process.pid,
    host: me.host,
    start: startTime(process.pid),
    boot: me.boot,
    pidns: me.pidns,
    nonce: randomBytes(16).toString('hex'),
    since: new Date().toISOString(),
  };
}

let machineCache: { host: string; boot: string | null; pidns: string | null } | undefined;

function machine(): { host: string; boot: string | null; pidns: string | null } {
  machineCache ??= {
    host: hostname(),
    boot: attempt(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null),
    pidns: attempt(() => readlinkSync('/proc/self/ns/pid')),
  };
  return machineCache;
}

function attempt<T>(read: () => T | null): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
