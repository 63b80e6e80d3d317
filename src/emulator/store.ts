/**
 * The emulator's documents, kept column-wise: a benchmark sends a million signers to
 * one emulator, so a document is a few 32-bit integers plus its texts (contact, name,
 * title, field values) as UTF-8 in shared buffers: about 130 bytes, with no copy of
 * the request and no JS object per document. Signer tokens are not stored at all: they
 * are a keyed hash of the workflow id, recomputed when asked for.
 */
import { hash } from 'node:crypto';

/** `workflow_status` values (workflow-view-workflowinfo.md); Truncate = a cancelled document deleted. */
export const DOC_STATUSES = ['Playing', 'Complete', 'Canceled', 'Disposal', 'Truncate'] as const;
export type DocStatus = (typeof DOC_STATUSES)[number];

/** `action_history_list[].step_code` values the emulator produces (all documented). */
type StepCode =
  | 'WORKFLOW_START'
  | 'SIGN_REQ'
  | 'VIEW'
  | 'SIGN_COMPLETE'
  | 'WORKFLOW_COMPLETE'
  | 'WORKFLOW_CANCEL'
  | 'DISPOSAL'
  | 'TRUNCATE'
  | 'RESEND'
  | 'DOC_DOWN'
  | 'CERT_DOWN';

export interface HistoryEvent {
  step_code: StepCode;
  /** epoch ms */
  at: number;
  /** 1-based signing step the event belongs to. */
  action_id: number;
  email: string;
  name: string;
  comment?: string;
}

/** A pre-filled template field, as 1410Q sends it. */
export interface FieldValue {
  doc_id: string;
  field_name: string;
  field_value: string;
}

/** Customer B of a "2단계 C" document (1410Q `customer_list`), without the password. */
export interface CustomerB {
  memb_id_type: string;
  email: string;
  name: string;
  language: string;
  mobile_number: string;
  mobile_cert: boolean;
  password_cert: boolean;
  password_hint: string;
}

/** What few documents have: identity checks, a password hint, customer B. Absent keys = none. */
export interface DocExtra {
  mobile_number?: string;
  mobile_cert?: true;
  password_cert?: true;
  password_hint?: string;
  customer_b?: CustomerB;
}

/** What one 1410Q request shares among its documents. */
export interface Batch {
  session_id: string;
  /** epoch ms */
  created_at: number;
  /** The body-level `workflow_name`: the title of a document whose signer has none. */
  default_title: string;
  comment: string;
}

export interface NewDocument {
  /** The signer's `email` as sent (an address, or mobile digits). */
  contact: string;
  name: string;
  /** The signer's own title, '' when none (the batch's default_title applies). */
  workflow_name: string;
  language: string;
  /** Index into the emulator's template list. */
  template: number;
  fields: readonly FieldValue[];
  extra?: DocExtra | undefined;
}

export interface StoredDocument {
  index: number;
  workflow_id: string;
  contact: string;
  name: string;
  /** The document's title: the signer's own, else the batch's default. */
  workflow_name: string;
  /** The signer's own title as sent ('' when none). */
  own_title: string;
  language: string;
  template: number;
  status: DocStatus;
  reminded: number;
  batch: number;
  session_id: string;
  /** epoch ms */
  created_at: number;
  comment: string;
  fields: FieldValue[];
  extra: DocExtra;
  /** Events after the initial WORKFLOW_START and SIGN_REQ, oldest first. */
  events: readonly HistoryEvent[];
}

/** A growable column of 32-bit integers: 4 bytes a document instead of a JS array slot's 8. */
class IntColumn {
  private data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  get(i: number): number {
    return this.data[i]!;
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
}

/**
 * Strings stored as UTF-8 in large buffers, addressed by (chunk, start, length):
 * a Korean name takes 3 bytes a character here and none of V8's per-string overhead.
 */
class TextArena {
  private static readonly CHUNK = 4 * 1024 * 1024;
  private chunks: Buffer[] = [];
  private used = TextArena.CHUNK;
  /** Appends `text`; returns [chunk, start, length]. */
  add(text: string): [number, number, number] {
    const length = Buffer.byteLength(text);
    if (length > TextArena.CHUNK) {
      this.chunks.push(Buffer.from(text, 'utf8'));
      this.used = TextArena.CHUNK; // the next record starts a new chunk
      return [this.chunks.length - 1, 0, length];
    }
    if (this.used + length > TextArena.CHUNK) {
      this.chunks.push(Buffer.allocUnsafeSlow(TextArena.CHUNK));
      this.used = 0;
    }
    const start = this.used;
    this.chunks[this.chunks.length - 1]!.write(text, start, 'utf8');
    this.used += length;
    return [this.chunks.length - 1, start, length];
  }
  read(chunk: number, start: number, length: number): string {
    return this.chunks[chunk]!.toString('utf8', start, start + length);
  }
}

/** What a document keeps as text after its contact: `[name, workflow_name, field values, extra?]`. */
type DocText = [string, string, string[]] | [string, string, string[], DocExtra];

export class DocumentStore {
  /** Sequence number of the document at index 0; ids keep growing across clear(). */
  private first = 0;
  private count = 0;
  private text = new TextArena();
  private textChunk = new IntColumn();
  private textStart = new IntColumn();
  private textLength = new IntColumn();
  /** UTF-8 bytes of the contact, which starts each text: per_contact reads only those. */
  private contactLength = new IntColumn();
  private language = new IntColumn();
  private template = new IntColumn();
  private status = new IntColumn();
  private reminded = new IntColumn();
  private batch = new IntColumn();
  private layout = new IntColumn();
  private languages: string[] = [];
  private batches: Batch[] = [];
  /** Distinct `[doc_id, field_name]` sequences; signers of a send nearly always share one. */
  private layouts: (readonly [string, string])[][] = [];
  private layoutIds = new Map<string, number>();
  private lastLayout = -1;
  private events = new Map<number, HistoryEvent[]>();

  constructor(
    /** Workflow ids are `idBase + sequence`, written in decimal. */
    readonly idBase: number,
    readonly tokenSecret: string,
    /** Sequence number of the first document (a restored store continues its ids). */
    first = 0,
  ) {
    this.first = first;
  }

  /** Sequence number of the document at index 0. */
  get firstSequence(): number {
    return this.first;
  }

  get size(): number {
    return this.count;
  }

  /** Forget every document; later ids do not reuse earlier ones. */
  clear(): void {
    this.first += this.count;
    this.count = 0;
    this.text = new TextArena();
    for (const key of ['textChunk', 'textStart', 'textLength', 'contactLength', 'language', 'template', 'status', 'reminded', 'batch', 'layout'] as const) {
      this[key] = new IntColumn();
    }
    this.batches = [];
    this.events.clear();
  }

  /** Registers one 1410Q request's shared facts; returns the handle `add` takes. */
  addBatch(batch: Batch): number {
    this.batches.push(batch);
    return this.batches.length - 1;
  }

  batchList(): readonly Batch[] {
    return this.batches;
  }

  /** Creates a Playing document; returns its index. */
  add(batch: number, doc: NewDocument): number {
    const index = this.count++;
    const values = doc.fields.map((f) => f.field_value);
    // Most documents have no extra: no fourth element, no bytes spent.
    const text: DocText = doc.extra && Object.keys(doc.extra).length > 0 ? [doc.name, doc.workflow_name, values, doc.extra] : [doc.name, doc.workflow_name, values];
    const [chunk, start, length] = this.text.add(doc.contact + JSON.stringify(text));
    this.textChunk.push(chunk);
    this.textStart.push(start);
    this.textLength.push(length);
    this.contactLength.push(Buffer.byteLength(doc.contact));
    let lang = this.languages.indexOf(doc.language);
    if (lang < 0) lang = this.languages.push(doc.language) - 1;
    this.language.push(lang);
    this.template.push(doc.template);
    this.status.push(0);
    this.reminded.push(0);
    this.batch.push(batch);
    this.layout.push(doc.fields.length === 0 ? -1 : this.layoutOf(doc.fields));
    return index;
  }

  workflowId(index: number): string {
    return String(this.idBase + this.first + index);
  }

  /** The signer's access token for a document: stable, unguessable without the secret. */
  token(index: number): string {
    // SHA-256 over the secret and the id: as unguessable as an HMAC here, at a quarter
    // of the cost (a 1410Q of 50 signers makes 50 of them while its client waits).
    return hash('sha256', `${this.tokenSecret}:${this.workflowId(index)}`, 'hex').slice(0, 32);
  }

  /** Index of a workflow id, or undefined when no such document exists. */
  indexOf(workflowId: string): number | undefined {
    if (!/^[1-9]\d{0,15}$/.test(workflowId)) return undefined;
    const index = Number(workflowId) - this.idBase - this.first;
    return Number.isSafeInteger(index) && index >= 0 && index < this.count ? index : undefined;
  }

  statusOf(index: number): DocStatus {
    return DOC_STATUSES[this.status.get(index)]!;
  }

  contactOf(index: number): string {
    return this.text.read(this.textChunk.get(index), this.textStart.get(index), this.contactLength.get(index));
  }

  templateOf(index: number): number {
    return this.template.get(index);
  }

  createdAt(index: number): number {
    return this.batches[this.batch.get(index)]!.created_at;
  }

  /** When the document was completed (its WORKFLOW_COMPLETE event), or undefined. */
  completedAt(index: number): number | undefined {
    return this.events.get(index)?.find((e) => e.step_code === 'WORKFLOW_COMPLETE')?.at;
  }

  setStatus(index: number, status: DocStatus): void {
    this.status.set(index, DOC_STATUSES.indexOf(status));
  }

  addEvent(index: number, event: HistoryEvent): void {
    const list = this.events.get(index);
    if (list) list.push(event);
    else this.events.set(index, [event]);
  }

  eventsOf(index: number): readonly HistoryEvent[] {
    return this.events.get(index) ?? [];
  }

  remind(index: number, times = 1): void {
    this.reminded.set(index, this.reminded.get(index) + times);
  }

  get(index: number): StoredDocument {
    const batch = this.batches[this.batch.get(index)]!;
    const contact = this.contactOf(index);
    const [name, ownTitle, values, extra] = this.textOf(index);
    const layout = this.layouts[this.layout.get(index)] ?? [];
    return {
      index,
      workflow_id: this.workflowId(index),
      contact,
      name,
      workflow_name: ownTitle || batch.default_title,
      own_title: ownTitle,
      language: this.languages[this.language.get(index)]!,
      template: this.template.get(index),
      status: this.statusOf(index),
      reminded: this.reminded.get(index),
      batch: this.batch.get(index),
      session_id: batch.session_id,
      created_at: batch.created_at,
      comment: batch.comment,
      fields: layout.map(([doc_id, field_name], i) => ({ doc_id, field_name, field_value: values[i] ?? '' })),
      extra: extra ?? {},
      events: this.eventsOf(index),
    };
  }

  private textOf(index: number): DocText {
    const skip = this.contactLength.get(index);
    const start = this.textStart.get(index) + skip;
    return JSON.parse(this.text.read(this.textChunk.get(index), start, this.textLength.get(index) - skip)) as DocText;
  }

  private layoutOf(fields: readonly FieldValue[]): number {
    // Signers of one send share a layout: compare with the last one before building a key.
    const last = this.layouts[this.lastLayout];
    if (last?.length === fields.length && fields.every((f, i) => f.doc_id === last[i]![0] && f.field_name === last[i]![1])) {
      return this.lastLayout;
    }
    const key = JSON.stringify(fields.map((f) => [f.doc_id, f.field_name]));
    let id = this.layoutIds.get(key);
    if (id === undefined) {
      id = this.layouts.length;
      this.layouts.push(fields.map((f) => [f.doc_id, f.field_name] as const));
      this.layoutIds.set(key, id);
    }
    this.lastLayout = id;
    return id;
  }
}
