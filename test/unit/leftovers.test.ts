/**
 * What a process must not leave behind (src/io/leftovers.ts) and the temporary file of
 * an atomic write (src/io/atomic-file.ts): created exclusively under a name nobody can
 * plant a link at, 0600, removed however the process ends.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSameFile, removeStaleTemps, writeFileAtomic } from '../../src/io/atomic-file.js';
import { ownTag } from '../../src/io/processes.js';
import { ROOT } from '../helpers/cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'esb-leftovers-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes through a new 0600 file named after its owner, never through a link planted at the old predictable name', async () => {
    const target = join(dir, 'results.csv');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, join(dir, `.results.csv.${process.pid}.tmp`)); // the name versions before this one used
    let seen: string[] = [];
    await writeFileAtomic(target, async (write) => {
      seen = readdirSync(dir).filter((n) => n.startsWith('.results.csv.') && !n.endsWith(`.${process.pid}.tmp`));
      await write('row\n1\n');
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(new RegExp(`^\\.results\\.csv\\.${ownTag()}\\.[0-9a-f]{12}\\.tmp$`));
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readFileSync(target, 'utf8')).toBe('row\n1\n');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp') && !n.endsWith(`.${process.pid}.tmp`))).toEqual([]);
  });

  it('removes its temporary file when the producer fails', async () => {
    await expect(writeFileAtomic(join(dir, 'r.csv'), () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('removeStaleTemps', () => {
  it("removes a dead process's temporary files of that path only", () => {
    const names = ['.r.csv.99999999-5.00aa00aa00aa.tmp', '.r.csv.99999999.tmp', `.r.csv.${ownTag()}.00bb00bb00bb.tmp`, '.x.csv.99999999.tmp', 'r.csv.99999999.tmp'];
    for (const n of names) writeFileSync(join(dir, n), '');
    removeStaleTemps(join(dir, 'r.csv'));
    expect(readdirSync(dir).sort()).toEqual([`.r.csv.${ownTag()}.00bb00bb00bb.tmp`, '.x.csv.99999999.tmp', 'r.csv.99999999.tmp'].sort());
  });
});

describe('isSameFile', () => {
  it('sees through symbolic and hard links; a missing file is never the same', () => {
    const a = join(dir, 'a.csv');
    writeFileSync(a, 'x');
    symlinkSync(a, join(dir, 'sym.csv'));
    expect(isSameFile(join(dir, 'sym.csv'), a)).toBe(true);
    expect(isSameFile(join(dir, 'missing.csv'), a)).toBe(false);
  });
});

/** Runs a script that imports the built leftovers module, in a process of its own. */
function script(body: string) {
  const url = pathToFileURL(join(ROOT, 'dist', 'io', 'leftovers.js')).href;
  const code = `import { removeAtExit } from ${JSON.stringify(url)};\nimport { writeFileSync } from 'node:fs';\n${body}`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 10_000 });
}

describe('removeAtExit (the built module, in a child process)', () => {
  it('process.exit removes what is tracked', () => {
    const f = join(dir, 'copy');
    const r = script(`writeFileSync(${JSON.stringify(f)}, 'secret'); removeAtExit(${JSON.stringify(f)}); process.exit(3);`);
    expect(r.status).toBe(3);
    expect(existsSync(f)).toBe(false);
  });

  it.each(['SIGHUP', 'SIGTERM', 'SIGINT'])('%s that nothing else handles: removed, and the process still ends by the signal', (signal) => {
    const f = join(dir, 'copy');
    const r = script(`writeFileSync(${JSON.stringify(f)}, 'secret'); removeAtExit(${JSON.stringify(f)}); process.kill(process.pid, '${signal}'); setTimeout(() => {}, 5000);`);
    expect(r.signal).toBe(signal);
    expect(existsSync(f)).toBe(false);
  });

  it('a signal another listener handles (a run loop) is left to it; forgotten files stay', () => {
    const f = join(dir, 'copy');
    const kept = join(dir, 'kept');
    const r = script(
      `writeFileSync(${JSON.stringify(f)}, 'secret'); writeFileSync(${JSON.stringify(kept)}, 'done');\n` +
        `removeAtExit(${JSON.stringify(f)}); const forget = removeAtExit(${JSON.stringify(kept)}); forget();\n` +
        `process.on('SIGHUP', () => writeFileSync(${JSON.stringify(f)} + '.seen', 'handled'));\n` +
        `process.kill(process.pid, 'SIGHUP'); setTimeout(() => process.exit(0), 200);`,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(`${f}.seen`, 'utf8')).toBe('handled');
    expect(existsSync(f)).toBe(false); // removed at exit
    expect(existsSync(kept)).toBe(true);
  });
});

describe('a lock held when a signal ends the process', () => {
  it.each(['SIGTERM', 'SIGHUP'])('%s before any run loop: the lock is released, and the process still ends by the signal', (signal) => {
    const lock = join(dir, 'r.csv.lock');
    const url = pathToFileURL(join(ROOT, 'dist', 'io', 'lock.js')).href;
    const code = `import { acquireLock } from ${JSON.stringify(url)};\nacquireLock(${JSON.stringify(lock)});\nprocess.kill(process.pid, '${signal}'); setTimeout(() => {}, 5000);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 10_000 });
    expect(r.signal, r.stderr).toBe(signal);
    expect(readdirSync(dir)).toEqual([]);
  });
});
