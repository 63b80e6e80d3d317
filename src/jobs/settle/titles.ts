/**
 * The rows' own titles, for settling by title (./match.ts): a title column's cell or
 * the config's `workflow_name` template filled from the row (core/signer.ts), never the
 * run's default title (the same for every row without one of its own). Two passes over
 * the input: the titles of the rows in doubt, then how many rows of the input have
 * each — memory for the rows asked about only.
 */
import type { CompiledMapping } from '../../core/mapping.js';
import type { RecordSource } from '../../core/rows.js';
import { parseSignerRow } from '../../core/signer.js';

export interface RowTitles {
  /** the row's own title, and whether another row of the input has it too; undefined when it has none */
  get(row: number): { title: string; shared: boolean } | undefined;
}

export const NO_TITLES: RowTitles = { get: () => undefined };

export async function ownTitles(csv: RecordSource, mapping: CompiledMapping, senderEmail: string | undefined, rows: ReadonlySet<number>): Promise<RowTitles> {
  if (rows.size === 0 || (mapping.index.workflow_name < 0 && mapping.workflowNameTemplate === undefined)) return NO_TITLES;
  const titleOf = (record: Parameters<typeof parseSignerRow>[0]): string => {
    const parsed = parseSignerRow(record, mapping, { senderEmail });
    return parsed.ok ? parsed.signer.workflow_name.trim() : '';
  };
  const titles = new Map<number, string>();
  for await (const chunk of csv.chunks()) {
    for (const record of chunk) {
      if (!rows.has(record.row)) continue;
      const title = titleOf(record);
      if (title !== '') titles.set(record.row, title);
    }
  }
  const counts = new Map<string, number>();
  for (const title of titles.values()) counts.set(title, 0);
  if (counts.size > 0) {
    for await (const chunk of csv.chunks()) {
      for (const record of chunk) {
        const title = titleOf(record);
        const n = counts.get(title);
        if (n !== undefined) counts.set(title, n + 1);
      }
    }
  }
  return {
    get(row) {
      const title = titles.get(row);
      return title === undefined ? undefined : { title, shared: (counts.get(title) ?? 0) > 1 };
    },
  };
}
