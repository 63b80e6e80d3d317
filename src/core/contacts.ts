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

import type { Signer } from './signer-types.js';

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
      hashExact(s.toLowerCase());
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

/** The same hashes of `s` as it is: for a string already lower case, or a text whose case matters. */
function hashExact(s: string): void {
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

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** An int32 as 8 hex digits. */
function wordHex(w: number): string {
  return HEX[(w >>> 24) & 255]! + HEX[(w >>> 16) & 255]! + HEX[(w >>> 8) & 255]! + HEX[w & 255]!;
}

/** `count` words of `words` from `at`, as hex digits (8 a word): a key as a journal writes it. */
export function keyHex(words: Int32Array, at: number, count: number): string {
  let hex = '';
  for (let i = 0; i < count; i++) hex += wordHex(words[at + i]!);
  return hex;
}

/**
 * The open-addressing table of 64-bit hashes behind ContactSet and KeyTable: each
 * slot holds the two hashes and a value + 1 (0 marks an empty slot).
 */
class HashTable64 {
  private table: Int32Array;
  /** slots in the table */
  private capacity: number;
  private count = 0;
  private limit: number;
  private readonly maxLoad: number;

  /** `expected`: how many keys to size the table for at first (it grows anyway). */
  constructor(expected = 0) {
    const presized = expected > MIN_CAPACITY * PRESIZED_LOAD;
    const capacity = presized ? Math.ceil(expected / PRESIZED_LOAD) : MIN_CAPACITY;
    this.table = zeroedTable(capacity * 3);
    this.capacity = capacity;
    this.maxLoad = presized ? PRESIZED_MAX_LOAD : MAX_LOAD;
    this.limit = Math.floor(capacity * this.maxLoad);
  }

  /** How many distinct keys have been added. */
  get size(): number {
    return this.count;
  }

  /** Bytes held by the table. */
  get byteLength(): number {
    return this.table.byteLength;
  }

  /** Stores `value` (0 ≤ value < 2^31 - 1) under the key (a, b) unless it is there: returns the value stored before, else undefined. */
  protected put(a: number, b: number, value: number): number | undefined {
    const t = this.table;
    const capacity = this.capacity;
    let i = (b >>> 0) % capacity;
    for (;;) {
      const o = i * 3;
      const stored = t[o + 2]!;
      if (stored === 0) {
        t[o] = a;
        t[o + 1] = b;
        t[o + 2] = value + 1;
        if (++this.count > this.limit) this.grow();
        return undefined;
      }
      if (t[o] === a && t[o + 1] === b) return stored - 1;
      if (++i === capacity) i = 0;
    }
  }

  /** The value stored under the key (a, b), or undefined. */
  protected find(a: number, b: number): number | undefined {
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

export class ContactSet extends HashTable64 {
  /**
   * Record `contact` (an email, any case, or mobile digits) first seen on `line`
   * (0 ≤ line < 2^31 - 1).
   * Returns the line it was first seen on when it was added before, else undefined.
   */
  add(contact: string, line: number): number | undefined {
    hashContact(contact);
    return this.put(H[0]!, H[1]!, line);
  }

  /** The line `contact` was first seen on, without adding it. */
  firstLine(contact: string): number | undefined {
    hashContact(contact);
    return this.find(H[0]!, H[1]!);
  }
}

/** The int32 at `offset` of a key in hex digits (8 digits an int32). */
export function keyWord(key: string, offset: number): number {
  return parseInt(key.slice(offset * 8, offset * 8 + 8), 16) | 0;
}

/**
 * 64-bit keys (a half of a signerKey, as two int32 words: keyWord) → a number, in the
 * same compact table: 12 bytes a slot, however many keys. The first value stored
 * under a key stays.
 */
export class KeyTable extends HashTable64 {
  /** Stores `value` (0 ≤ value < 2^31 - 1) unless the key has one: returns the value it had, else undefined. */
  add(a: number, b: number, value: number): number | undefined {
    return this.put(a, b, value);
  }

  get(a: number, b: number): number | undefined {
    return this.find(a, b);
  }
}

/**
 * A sent row's key as the journal records it, 32 hex digits: the key of its contact
 * (the hashes the duplicate check compares, emails case-insensitively), then the key
 * of every value sent for it but the password (a hash of a password, even a short
 * one, has no business in a file). A resumed run whose input changed matches rows by
 * it: same contact, same values.
 */
export function signerKey(s: Signer): string {
  const words = new Int32Array(4);
  signerKeyInto(s, words, 0);
  return keyHex(words, 0, 4);
}

/** signerKey as four int32 words, written into `out` at `at` (a million rows make no string). */
export function signerKeyInto(s: Signer, out: Int32Array, at: number): void {
  let values = `${s.name}\u001f${s.memb_id_type}\u001f${s.contact}\u001f${s.language}\u001f${s.workflow_name}\u001f${s.enable_mobile_cert ? 1 : 0}\u001f${s.mobile_number}\u001f${s.enable_password_cert ? 1 : 0}\u001f${s.password_hint}`;
  for (const f of s.fields) values += `\u001e${f.doc_id}\u001f${f.field_name}\u001f${f.field_value}`;
  hashContact(s.contact);
  out[at] = H[0]!;
  out[at + 1] = H[1]!;
  hashExact(values);
  out[at + 2] = H[0]!;
  out[at + 3] = H[1]!;
}
