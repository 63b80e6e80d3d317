/**
 * `init --online`: the sample starter sheet fitted to a template's fields, so that it
 * fits the user's template rather than the sample's. Pure: the sheet and the config's
 * `fields` in, the fitted ones out.
 */

/** A `fields` entry of the config file, as the starter config has them. */
export interface StarterField {
  column: string;
  field_name: string;
  doc_id?: string | undefined;
  required?: boolean | undefined;
}

export interface StarterSheet {
  header: string[];
  rows: string[][];
  /** the config's `fields`: which columns fill which template field, besides the `field:` columns */
  fields: StarterField[];
}

const FIELD_PREFIX = 'field:';

/** The template field a column of the sample fills: a `field:` column's name, or a `fields` entry's. */
function fieldOf(column: string, fields: readonly StarterField[]): string | undefined {
  if (column.trim().toLowerCase().startsWith(FIELD_PREFIX)) {
    const rest = column.trim().slice(FIELD_PREFIX.length);
    return rest.slice(rest.indexOf(':') + 1).trim();
  }
  return fields.find((f) => f.column === column)?.field_name;
}

/**
 * The sample's columns that fill no template field (name, contact, language, …) stay
 * as they are, first; then one column per field of the template, in the template's
 * order: the sample's column for it when there is one (its values and its `fields`
 * entry kept), else a new `field:<name>` column with empty cells. The sample's columns
 * for fields the template does not have are dropped, with their `fields` entries.
 */
export function fitStarter(sample: StarterSheet, templateFields: readonly string[]): StarterSheet {
  const signerColumns: number[] = [];
  const byField = new Map<string, number>();
  sample.header.forEach((column, i) => {
    const field = fieldOf(column, sample.fields);
    if (field === undefined) signerColumns.push(i);
    else if (!byField.has(field)) byField.set(field, i);
  });
  const wanted = [...new Set(templateFields)];
  const columns: { header: string; from: number | undefined }[] = [
    ...signerColumns.map((i) => ({ header: sample.header[i]!, from: i })),
    ...wanted.map((field) => {
      const i = byField.get(field);
      return i === undefined ? { header: `${FIELD_PREFIX}${field}`, from: undefined } : { header: sample.header[i]!, from: i };
    }),
  ];
  const kept = new Set(columns.map((c) => c.header));
  return {
    header: columns.map((c) => c.header),
    rows: sample.rows.map((cells) => columns.map((c) => (c.from === undefined ? '' : (cells[c.from] ?? '')))),
    fields: sample.fields.filter((f) => kept.has(f.column) && wanted.includes(f.field_name)),
  };
}
