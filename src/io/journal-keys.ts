/**
 * What a version 2 journal records of each row's content (./journal.ts): the keys
 * its "inflight" records carry, read back only to match the rows of a changed input
 * (jobs/send/rematch.ts).
 */
import { keyWord } from '../core/contacts.js';

/**
 * Each row's key (core/contacts.ts signerKey) from the latest "inflight" record it
 * was in, as four int32 words (contact, values): 17 bytes a row. Read only to match
 * rows by content (a resume over a changed input).
 */
export class RowKeys {
  readonly words: Int32Array;
  /** 1 when the row's key is known */
  readonly has: Uint8Array;
  /** the contact keys (two words each) of rows sent from earlier versions of the input ("elsewhere") */
  readonly elsewhere: number[] = [];

  constructor(readonly rows: number) {
    this.words = new Int32Array((rows + 1) * 4);
    this.has = new Uint8Array(rows + 1);
  }

  set(row: number, key: unknown): void {
    if (!isKey(key)) return;
    for (let w = 0; w < 4; w++) this.words[row * 4 + w] = keyWord(key, w);
    this.has[row] = 1;
  }

  addElsewhere(key: unknown): void {
    if (isKey(key)) this.elsewhere.push(keyWord(key, 0), keyWord(key, 1));
  }
}

const isKey = (key: unknown): key is string => typeof key === 'string' && /^[0-9a-f]{32}$/.test(key);
