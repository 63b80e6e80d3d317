/**
 * Duplicate contacts without holding the contacts: a million rows must fit in a small,
 * steady amount of memory, so the set keeps only a 64-bit hash of each normalised
 * contact and the line where it was first seen.
 *
 * Layout: one open-addressing table (linear probing) in a single Int32Array, three
 * words per slot — FNV-1a hash, murmur3-style hash, first line + 1 (0 marks an empty
 * slot). 12 bytes a slot; the table doubles when it is 70 % full. Grown from empty,
 * 1,000,000 contacts take a 2^21-slot table: 24 MiB, plus the old 12 MiB table while it
 * is being copied. Sized up front for an expected count (any number of slots: a slot is
 * the hash modulo the table size), the table is 80 % full at that count and grows only
 * past 90 %, so an estimate up to an eighth short costs nothing: 1,000,000 contacts take
 * 1,250,000 slots, 14 MiB.
 *
 * Collisions: two different contacts are taken for the same one only when both 32-bit
 * hashes agree. Treating the pair as a 64-bit hash, the chance that any two of n
 * contacts collide is about n² / 2^65: 2.7e-8 for a million rows, 2.7e-10 for
 * 100,000. A collision can only cause a false "duplicate" report (never a missed one);
 * the message names both lines, so a person can see the rows differ and use
 * `--allow-duplicates`.
 */
import { normalizeKoreanMobile } from './phone.js';

/**
 * The one rule by which two contacts are the same person: trimmed, case folded, and a
 * text without `@` read as a Korean mobile number (digits) when it is one. It decides
 * duplicates (ContactSet folds case as it hashes a signer's contact, which is already
 * trimmed and, for a mobile number, digits: the same key without building it) and
 * which entry of a 1410Q answer is whose (`unset_player_email`).
 */
export function normalizeContact(contact: string): string {
  const folded = contact.trim().toLowerCase();
  return folded.includes('@') ? folded : (normalizeKoreanMobile(folded) ?? folded);
}

const MAX_LOAD = 0.7;
const MIN_CAPACITY = 1024;
/** A table sized up front: this full at the expected count, grown only past PRESIZED_MAX_LOAD. */
const PRESIZED_LOAD = 0.8;
const PRESIZED_MAX_LOAD = 0.9;

// Constants are written as signed 32-bit values so that V8 keeps the arithmetic in
// int32 (0x811c9dc5 and friends would be doubles): FNV-1a offset basis and prime,
// murmur3's c1, c2, n, seed and finaliser multipliers.
const FNV_BASIS = -2128831035; // 0x811c9dc5
const FNV_PRIME = 16777619; // 0x01000193
const M_SEED = -1756908916; // 0x9747b28c
const M_C1 = -862048943; // 0xcc9e2d51
const M_C2 = 461845907; // 0x1b873593
const M_N = -430675100; // 0xe6546b64
const M_F1 = -2048144789; // 0x85ebca6b
const M_F2 = -1028477387; // 0xc2b2ae35

/** The two hashes of the last string hashed; a scratch array rather than a pair per call. */
const H = new Int32Array(2);

/** Both hashes of `s`, over UTF-16 code units, ASCII letters folded to lower case. */
function hashContact(s: string): void {
  let a = FNV_BASIS;
  let b = M_SEED;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    else if (c >= 128) {
      // Non-ASCII case folding is not a per-character affair: let the engine do it.
      hashLowered(s.toLowerCase());
      return;
    }
    a = Math.imul(a ^ c, FNV_PRIME);
    let k = Math.imul(c, M_C1);
    k = (k << 15) | (k >>> 17);
    b ^= Math.imul(k, M_C2);
    b = (b << 13) | (b >>> 19);
    b = (Math.imul(b, 5) + M_N) | 0;
  }
  finish(a, b, n);
}

/** The same hashes, for a string that is already lower case. */
function hashLowered(s: string): void {
  let a = FNV_BASIS;
  let b = M_SEED;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, FNV_PRIME);
    let k = Math.imul(c, M_C1);
    k = (k << 15) | (k >>> 17);
    b ^= Math.imul(k, M_C2);
    b = (b << 13) | (b >>> 19);
    b = (Math.imul(b, 5) + M_N) | 0;
  }
  finish(a, b, n);
}

function finish(a: number, b: number, n: number): void {
  // murmur3 finaliser: spreads every input bit over the low bits used for the slot.
  b ^= n;
  b ^= b >>> 16;
  b = Math.imul(b, M_F1);
  b ^= b >>> 13;
  b = Math.imul(b, M_F2);
  b ^= b >>> 16;
  H[0] = a;
  H[1] = b;
}

/** The one part of the WebAssembly API used here (this project's TypeScript libs do not declare it). */
declare const WebAssembly: { Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer } } | undefined;

/**
 * `length` zeroed int32s, from the system's pages rather than from malloc when that is
 * possible. A table of megabytes from malloc is mmapped, and freeing it (after the first
 * pass) makes glibc raise its mmap threshold to that size: every buffer after it then
 * comes from the heap and fragments it, which cost a million-row send 25 MB of resident
 * memory for the rest of the run. WebAssembly memory is mapped and unmapped by V8 itself.
 */
function zeroedTable(length: number): Int32Array {
  const bytes = length * 4;
  if (bytes >= 1 << 20 && typeof WebAssembly === 'object') {
    try {
      return new Int32Array(new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) }).buffer, 0, length);
    } catch {
      // no address space for it (a ulimit -v): malloc will do
    }
  }
  return new Int32Array(length);
}

export class ContactSet {
  private table: Int32Array;
  /** slots in the table */
  private capacity: number;
  private count = 0;
  private limit: number;
  private readonly maxLoad: number;

  /** `expected`: how many contacts to size the table for at first (it grows anyway). */
  constructor(expected = 0) {
    const presized = expected > MIN_CAPACITY * PRESIZED_LOAD;
    const capacity = presized ? Math.ceil(expected / PRESIZED_LOAD) : MIN_CAPACITY;
    this.table = zeroedTable(capacity * 3);
    this.capacity = capacity;
    this.maxLoad = presized ? PRESIZED_MAX_LOAD : MAX_LOAD;
    this.limit = Math.floor(capacity * this.maxLoad);
  }

  /** How many distinct contacts have been added. */
  get size(): number {
    return this.count;
  }

  /** Bytes held by the table. */
  get byteLength(): number {
    return this.table.byteLength;
  }

  /**
   * Record `contact` (an email, any case, or mobile digits) first seen on `line`
   * (0 ≤ line < 2^31 - 1).
   * Returns the line it was first seen on when it was added before, else undefined.
   */
  add(contact: string, line: number): number | undefined {
    hashContact(contact);
    const a = H[0]!;
    const b = H[1]!;
    const t = this.table;
    const capacity = this.capacity;
    let i = (b >>> 0) % capacity;
    for (;;) {
      const o = i * 3;
      const stored = t[o + 2]!;
      if (stored === 0) {
        t[o] = a;
        t[o + 1] = b;
        t[o + 2] = line + 1;
        if (++this.count > this.limit) this.grow();
        return undefined;
      }
      if (t[o] === a && t[o + 1] === b) return stored - 1;
      if (++i === capacity) i = 0;
    }
  }

  /** The line `contact` was first seen on, without adding it. */
  firstLine(contact: string): number | undefined {
    hashContact(contact);
    const a = H[0]!;
    const b = H[1]!;
    const t = this.table;
    const capacity = this.capacity;
    let i = (b >>> 0) % capacity;
    for (;;) {
      const o = i * 3;
      const stored = t[o + 2]!;
      if (stored === 0) return undefined;
      if (t[o] === a && t[o + 1] === b) return stored - 1;
      if (++i === capacity) i = 0;
    }
  }

  private grow(): void {
    const old = this.table;
    const capacity = this.capacity * 2;
    const t = zeroedTable(capacity * 3);
    for (let o = 0; o < old.length; o += 3) {
      if (old[o + 2] === 0) continue;
      let i = (old[o + 1]! >>> 0) % capacity;
      while (t[i * 3 + 2] !== 0) if (++i === capacity) i = 0;
      const p = i * 3;
      t[p] = old[o]!;
      t[p + 1] = old[o + 1]!;
      t[p + 2] = old[o + 2]!;
    }
    this.table = t;
    this.capacity = capacity;
    this.limit = Math.floor(capacity * this.maxLoad);
  }
}
