/**
 * What a `download` run has to fetch: every document of the results file (a `sent`
 * row with a workflow_id, once per document, in file order) with its two file names,
 * less the files the folder already holds as the manifest describes them (size and
 * SHA-256 checked, not trusted), less the documents the results file already knows
 * can have no signed PDF (cancelled, disposed of, deleted: states that do not change
 * back). A document whose state the file does not give, or gives as anything else,
 * is looked up when it is fetched.
 */
import { join } from 'node:path';
import { FileNamer, type FileKind, type FilePair } from '../../core/file-names.js';
import { matchesEntry, settleParts } from '../../io/download-files.js';
import { MANIFEST_NAME, readManifest, type ManifestEntry, type ManifestRead } from '../../io/manifest.js';
import { plain, readRecords, type ResultsFile } from '../../io/results-update.js';

/** States in which a document has no signed PDF and never will. */
const FINAL_WITHOUT_PDF: ReadonlySet<string> = new Set(['Canceled', 'Disposal', 'Truncate']);

const FILE_KINDS: readonly FileKind[] = ['document', 'certificate'];

/** Files checked at once. */
const VERIFY_CONCURRENCY = 8;

export interface PlannedDocument {
  row: string;
  workflow_id: string;
  names: FilePair;
  /** the files not yet in the folder */
  missing: FileKind[];
}

export interface DownloadPlan {
  /** documents with a file to fetch, in file order */
  todo: PlannedDocument[];
  /** documents in the results file */
  documents: number;
  /** files already in the folder, checked */
  present: number;
  /** documents with a file missing that the results file says cannot have one, by state */
  skipped: Record<string, number>;
  /** rows that are not `sent` or have no workflow_id */
  withoutDocument: number;
  /** `.part` files of a run cut short that became their file */
  recovered: number;
  /** the manifest as it stands: checked entries of this file's documents, other lines as they were */
  manifest: Map<string, ManifestEntry>;
  /** what was read, for appending */
  read: ManifestRead;
}

export async function planDownload(file: ResultsFile, dir: string): Promise<DownloadPlan> {
  const read = await readManifest(dir);
  const recovered = await settleParts(dir, read.entries);
  const col = (name: string): number | undefined => file.index.get(name);
  const [rowCol, statusCol, widCol, nameCol, stateCol] = ['row', 'status', 'workflow_id', 'name', 'workflow_status'].map(col);

  const namer = new FileNamer([MANIFEST_NAME]);
  const seen = new Set<string>();
  const ours = new Set<string>();
  const manifest = new Map<string, ManifestEntry>();
  const plan: DownloadPlan = { todo: [], documents: 0, present: 0, skipped: {}, withoutDocument: 0, recovered: recovered.length, manifest, read };

  const found: { doc: PlannedDocument; state: string }[] = [];
  for await (const record of readRecords(file)) {
    const cell = (i: number | undefined): string => (i === undefined ? '' : plain(record.cells[i]));
    const wid = cell(widCol);
    if (cell(statusCol) !== 'sent' || wid === '') {
      plan.withoutDocument++;
      continue;
    }
    if (seen.has(wid)) continue; // one document, one pair of files: the first row names it
    seen.add(wid);
    plan.documents++;
    const doc: PlannedDocument = { row: cell(rowCol), workflow_id: wid, names: namer.pair(cell(rowCol), cell(nameCol), wid), missing: [] };
    for (const kind of FILE_KINDS) ours.add(doc.names[kind]);
    found.push({ doc, state: cell(stateCol) });
  }

  // The files there are checked a few at a time: reading is most of a re-run's work.
  await eachLimited(found, VERIFY_CONCURRENCY, async ({ doc }) => {
    for (const kind of FILE_KINDS) {
      const name = doc.names[kind];
      const entry = read.entries.get(name);
      if (entry && entry.workflow_id === doc.workflow_id && (await matchesEntry(join(dir, name), entry))) {
        plan.present++;
        manifest.set(name, entry);
      } else {
        doc.missing.push(kind);
      }
    }
  });
  for (const { doc, state } of found) {
    if (doc.missing.length === 0) continue;
    if (FINAL_WITHOUT_PDF.has(state)) plan.skipped[state] = (plan.skipped[state] ?? 0) + 1;
    else plan.todo.push(doc);
  }
  // Lines about other files (another results file downloaded into the same folder) stay as they were.
  for (const [name, entry] of read.entries) if (!ours.has(name)) manifest.set(name, entry);
  return plan;
}

/** Runs `task` for every item, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
