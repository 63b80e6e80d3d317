/**
 * Duplicate contacts without holding the contacts: a million rows must fit in a small,
 * steady amount of memory, so the set keeps only a 64-bit hash of each normalised
 * contact and the line where it was first seen.
 *
 * Layout: one open-addressing table (linear probing) in a single Uint32Array, three
 * words per slot — FNV-1a hash, murmur3-style hash, first line + 1 (0 marks an empty
 * slot). 12 bytes a slot; the table doubles when it is 70 % full, so 1,000,000
 * contacts take a 2^21-slot table: 24 MiB (plus the old 12 MiB table while it is being
 * copied).
 *
 * Collisions: two different contacts are taken for the same one only when both 32-bit
 * hashes agree. Treating the pair as a 64-bit hash, the chance that any two of n
 * contacts collide is about n² / 2^65: 2.7e-8 for a million rows, 2.7e-10 for
 * 100,000. A collision can only cause a false "duplicate" report (never a missed one);
 * the message names both lines, so a person can see the rows differ and use
 * `--allow-duplicates`.
 */

/** The normalised contact: emails compare case-insensitively; mobile numbers are already digits. */
export function normalizeContact(contact: string): string {
  return contact.toLowerCase();
}

const MAX_LOAD = 0.7;
const MIN_CAPACITY = 1024;

// The hashes of the last string hashed; module-level to avoid allocating a pair per call.
let hashA = 0;
let hashB = 0;

/** Both hashes of `s`, over UTF-16 code units, ASCII letters folded to lower case. */
function hashContact(s: string): void {
  let a = 0x811c9dc5; // FNV-1a offset basis
  let b = 0x9747b28c; // murmur seed
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    else if (c >= 128) {
      // Non-ASCII case folding is not a per-character affair: let the engine do it.
      hashString(s.toLowerCase());
      return;
    }
    a = Math.imul(a ^ c, 0x01000193);
    let k = Math.imul(c, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    b ^= Math.imul(k, 0x1b873593);
    b = (b << 13) | (b >>> 19);
    b = (Math.imul(b, 5) + 0xe6546b64) | 0;
  }
  finish(a, b, n);
}

/** Same hashes, for a string that is already lower case. */
function hashString(s: string): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    let k = Math.imul(c, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    b ^= Math.imul(k, 0x1b873593);
    b = (b << 13) | (b >>> 19);
    b = (Math.imul(b, 5) + 0xe6546b64) | 0;
  }
  finish(a, b, n);
}

function finish(a: number, b: number, n: number): void {
  // murmur3 finaliser: spreads every input bit over the low bits used for the slot.
  b ^= n;
  b ^= b >>> 16;
  b = Math.imul(b, 0x85ebca6b);
  b ^= b >>> 13;
  b = Math.imul(b, 0xc2b2ae35);
  b ^= b >>> 16;
  hashA = a >>> 0;
  hashB = b >>> 0;
}

export class ContactSet {
  private table: Uint32Array;
  private mask: number;
  private count = 0;
  private limit: number;

  /** `expected`: how many contacts to size the table for at first (it grows anyway). */
  constructor(expected = 0) {
    let capacity = MIN_CAPACITY;
    while (capacity * MAX_LOAD < expected) capacity *= 2;
    this.table = new Uint32Array(capacity * 3);
    this.mask = capacity - 1;
    this.limit = Math.floor(capacity * MAX_LOAD);
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
   * Record `contact` (an email, any case, or mobile digits) first seen on `line`.
   * Returns the line it was first seen on when it was added before, else undefined.
   */
  add(contact: string, line: number): number | undefined {
    hashContact(contact);
    const a = hashA;
    const b = hashB;
    const t = this.table;
    let i = b & this.mask;
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
      i = (i + 1) & this.mask;
    }
  }

  /** The line `contact` was first seen on, without adding it. */
  firstLine(contact: string): number | undefined {
    hashContact(contact);
    const t = this.table;
    let i = hashB & this.mask;
    for (;;) {
      const o = i * 3;
      const stored = t[o + 2]!;
      if (stored === 0) return undefined;
      if (t[o] === hashA && t[o + 1] === hashB) return stored - 1;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.table;
    const capacity = (this.mask + 1) * 2;
    const t = new Uint32Array(capacity * 3);
    const mask = capacity - 1;
    for (let o = 0; o < old.length; o += 3) {
      if (old[o + 2] === 0) continue;
      let i = old[o + 1]! & mask;
      while (t[i * 3 + 2] !== 0) i = (i + 1) & mask;
      const p = i * 3;
      t[p] = old[o]!;
      t[p + 1] = old[o + 1]!;
      t[p + 2] = old[o + 2]!;
    }
    this.table = t;
    this.mask = mask;
    this.limit = Math.floor(capacity * MAX_LOAD);
  }
}
