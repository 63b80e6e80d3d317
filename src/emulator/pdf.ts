/**
 * The PDFs the emulator serves at `download_url` (the signed document) and
 * `certificate_url` (its audit certificate): a one-page, valid PDF 1.4 whose bytes
 * depend only on the workflow id and the kind, so a test can recompute them, compare
 * sizes and hashes, and tell a document from its certificate.
 */
import { createHash } from 'node:crypto';

export type PdfKind = 'document' | 'certificate';

/** A PDF literal string: ASCII only, with `\`, `(` and `)` escaped. */
function pdfText(s: string): string {
  return `(${s.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

export function emulatorPdf(workflowId: string, kind: PdfKind): Buffer {
  const digest = createHash('sha256').update(`${kind}:${workflowId}`).digest('hex');
  const lines = [
    'eSignon emulator',
    kind === 'document' ? 'Signed document' : 'Audit certificate (history of the signing)',
    `workflow_id: ${workflowId}`,
    `fingerprint: ${digest.slice(0, 32)}`,
  ];
  const text = lines.map((l, i) => `BT /F1 ${i === 0 ? 18 : 12} Tf 72 ${720 - i * 24} Td ${pdfText(l)} Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    `<< /Title ${pdfText(`${kind} ${workflowId}`)} /Producer (esignon-bulk emulator) >>`,
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R /ID [<${digest.slice(0, 32)}> <${digest.slice(32)}>] >>\n`;
  out += `startxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
