/**
 * The shape of the house (docs/architecture.md): the rooms of src/ import one another
 * only downwards, in the order of LAYERS, so there is no cycle between them; commands
 * stay thin and no file grows past what one person reads at a sitting.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const SRC = join(ROOT, 'src');

/**
 * The rooms, lowest first: a room may import only the rooms before it. A top-level
 * folder of src/ is a room; so is each file directly in src/.
 */
const LAYERS = [
  'errors', //   errors.ts: exit codes and the errors that carry them
  'core', //     pure logic: records → signers, mapping, outcomes
  'ui', //       messages, printing, prompts
  'io', //       files: CSV, journals, results, lock
  'api', //      eSignon calls: schemas, client, requests
  'config', //   settings and tokens
  'context', //  context.ts: what the entry point gives every command
  'emulator', // the local eSignon emulator
  'jobs', //     the work of the commands: send, follow-ups, pre-flight, run loop
  'commands', // one file per command: options in, job out
  'cli', //      the commander program
  'main', //     main.ts: the entry point
] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** `src/jobs/send/job.ts` → `jobs`; `src/errors.ts` → `errors`. */
function roomOf(file: string): string {
  const [first, ...rest] = relative(SRC, file).split(sep);
  return rest.length === 0 ? first!.replace(/\.ts$/, '') : first!;
}

interface Import {
  from: string;
  to: string;
}

/** Every relative import of every source file (static, `export … from`, dynamic, type-only). */
function imports(): Import[] {
  return sourceFiles(SRC).flatMap((file) =>
    ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.map((f) => f.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => ({ from: file, to: resolve(dirname(file), name).replace(/\.js$/, '.ts') })),
  );
}

const lines = (file: string): number => readFileSync(file, 'utf8').split('\n').length - 1;
const show = (file: string): string => relative(ROOT, file);

describe('the rooms of src/', () => {
  const all = imports();

  it('finds the imports it checks', () => {
    expect(all.length).toBeGreaterThan(150);
    expect(all.some((i) => show(i.from) === 'src/cli/program.ts' && show(i.to) === 'src/commands/send.ts')).toBe(true);
  });

  it('are all in the layer order', () => {
    const rooms = new Set(sourceFiles(SRC).map(roomOf));
    expect([...rooms].filter((r) => !(LAYERS as readonly string[]).includes(r))).toEqual([]);
  });

  it('import only the rooms below them', () => {
    const rank = (room: string) => (LAYERS as readonly string[]).indexOf(room);
    const upwards = all
      .filter((i) => roomOf(i.from) !== roomOf(i.to) && rank(roomOf(i.to)) > rank(roomOf(i.from)))
      .map((i) => `${show(i.from)} → ${show(i.to)}`);
    expect(upwards).toEqual([]);
  });

  it('have no import cycle between them', () => {
    const edges = new Map<string, Set<string>>();
    for (const { from, to } of all) {
      const [a, b] = [roomOf(from), roomOf(to)];
      if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
    }
    const cycles: string[] = [];
    const visit = (room: string, path: string[]): void => {
      if (path.includes(room)) {
        cycles.push([...path.slice(path.indexOf(room)), room].join(' → '));
        return;
      }
      for (const next of edges.get(room) ?? []) visit(next, [...path, room]);
    };
    for (const room of edges.keys()) visit(room, []);
    expect(cycles).toEqual([]);
  });
});

describe('the size of the rooms', () => {
  it('a command is thin: commands/send.ts at most 150 lines', () => {
    expect(lines(join(SRC, 'commands', 'send.ts'))).toBeLessThanOrEqual(150);
  });

  it('no source file outside src/emulator/ has more than 400 lines', () => {
    const long = sourceFiles(SRC)
      .filter((f) => roomOf(f) !== 'emulator' && lines(f) > 400)
      .map((f) => `${show(f)}: ${lines(f)} lines`);
    expect(long).toEqual([]);
  });
});
