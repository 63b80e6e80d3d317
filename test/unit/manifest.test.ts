import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JournalError, UsageError } from '../../src/errors.js';
import { TempDownload } from '../../src/io/download-files.js';
import { ManifestWriter, readManifest, rewriteManifest, type ManifestEntry } from '../../src/io/manifest.js';
import { loadMessages } from '../../src/ui/i18n.js';

let dir: string;
beforeAll(() => loadMessages());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'esb-manifest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const entry = (row: string, file: string, over: Partial<ManifestEntry> = {}): ManifestEntry => ({
  row,
  workflow_id: `w${row}`,
  file,
  bytes: 10,
  sha256: 'a'.repeat(64),
  downloaded_at: '2026-01-02T03:04:05.000Z',
  ...over,
});

describe('the manifest', () => {
  it('none yet: empty; appended lines are read back; the last line for a file wins', async () => {
    const none = await readManifest(dir);
    expect(none).toMatchObject({ exists: false, validLength: 0 });
    const w = await ManifestWriter.open(dir, none);
    await Promise.all([w.append(entry('2', '2-b-w2.pdf')), w.append(entry('1', '1-a, "x"-w1.pdf'))]);
    await w.append(entry('2', '2-b-w2.pdf', { bytes: 11 }));
    await w.close();
    const text = readFileSync(join(dir, 'manifest.csv'), 'utf8');
    expect(text).toBe(
      '\uFEFFrow,workflow_id,file,bytes,sha256,downloaded_at\r\n' +
        `2,w2,2-b-w2.pdf,10,${'a'.repeat(64)},2026-01-02T03:04:05.000Z\r\n` +
        `1,w1,"1-a, ""x""-w1.pdf",10,${'a'.repeat(64)},2026-01-02T03:04:05.000Z\r\n` +
        `2,w2,2-b-w2.pdf,11,${'a'.repeat(64)},2026-01-02T03:04:05.000Z\r\n`,
    );
    const read = await readManifest(dir);
    expect([...read.entries.values()].map((e) => [e.file, e.bytes])).toEqual([
      ['2-b-w2.pdf', 11],
      ['1-a, "x"-w1.pdf', 10],
    ]);
  });

  it('a torn last line is ignored and cut off before the next append; a line that does not read is skipped', async () => {
    const w = await ManifestWriter.open(dir, await readManifest(dir));
    await w.append(entry('1', 'one.pdf'));
    await w.close();
    appendFileSync(join(dir, 'manifest.csv'), `2,w2,two.pdf,notanumber,${'b'.repeat(64)},x\r\n3,w3,three.pdf,1`);
    const read = await readManifest(dir);
    expect([...read.entries.keys()]).toEqual(['one.pdf']);
    const again = await ManifestWriter.open(dir, read);
    await again.append(entry('4', 'four.pdf'));
    await again.close();
    const lines = readFileSync(join(dir, 'manifest.csv'), 'utf8').split('\r\n');
    expect(lines.at(-2)).toMatch(/^4,w4,four\.pdf,/);
    expect(lines.some((l) => l.startsWith('3,'))).toBe(false);
  });

  it('a file named manifest.csv that is not one is refused', async () => {
    writeFileSync(join(dir, 'manifest.csv'), 'name,email\r\n');
    await expect(readManifest(dir)).rejects.toBeInstanceOf(UsageError);
  });

  it('is rewritten in row order, numbers as numbers, then by file', async () => {
    await rewriteManifest(dir, [entry('10', 'b.pdf'), entry('2', 'z.pdf'), entry('10', 'a.pdf'), entry('9', 'c.pdf')]);
    const read = await readManifest(dir);
    expect([...read.entries.values()].map((e) => `${e.row}:${e.file}`)).toEqual(['2:z.pdf', '9:c.pdf', '10:a.pdf', '10:b.pdf']);
  });

  it('a manifest that cannot be written is a JournalError (exit 5)', async () => {
    rmSync(dir, { recursive: true });
    await expect(ManifestWriter.open(dir, { entries: new Map(), validLength: 0, exists: false })).rejects.toBeInstanceOf(JournalError);
  });
});

describe('TempDownload', () => {
  it('writes under a hidden .part name, hashes, restarts, renames; discard leaves nothing', async () => {
    const t = await TempDownload.create(dir, '1-가-9.pdf');
    expect(t.path).toMatch(/\/\.1-가-9\.pdf\.\d+-[0-9a-f]{8}\.part$/);
    await t.write(Buffer.from('wrong'));
    await t.restart();
    await t.write(Buffer.from('%PDF-1.4 '));
    await t.write(Buffer.from('body'));
    const done = await t.finish();
    expect(done).toEqual({ bytes: 13, sha256: createHash('sha256').update('%PDF-1.4 body').digest('hex') });
    await t.commit();
    expect(readFileSync(join(dir, '1-가-9.pdf'), 'utf8')).toBe('%PDF-1.4 body');

    const u = await TempDownload.create(dir, 'x.pdf');
    await u.write(Buffer.from('partial'));
    await u.discard();
    expect(readdirSync(dir)).toEqual(['1-가-9.pdf']);
  });
});
