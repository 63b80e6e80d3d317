/**
 * `--help` and commander's own words at a terminal, in Korean and English: wrapped by
 * display width (Hangul takes two cells), nothing in English in a Korean locale,
 * `help <command>`, and what a missing argument prints.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { plainText, runInPty } from '../helpers/pty.js';

const COMMANDS = ['send', 'validate', 'init', 'emulator', 'login', 'templates', 'status', 'remind', 'cancel', 'download', 'runs'];
const KO = { LANG: 'ko_KR.UTF-8' };

/** Terminal cells of each line, by Python's Unicode tables (East Asian Wide and Fullwidth: 2), not by our own. */
function cells(lines: readonly string[]): number[] {
  const script = [
    'import json, sys, unicodedata',
    'def w(s): return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)',
    'print(json.dumps([w(l) for l in json.load(sys.stdin)]))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(lines) }).toString()) as number[];
}

let dir: { path: string; remove(): void };
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.remove());

describe('help at an 80-column terminal', () => {
  it.each([['(the program)'], ...COMMANDS.map((c) => [c])])('%s in Korean: no line over 80 cells, no word of commander in English', async (command) => {
    const args = command === '(the program)' ? ['--help'] : [command, '--help'];
    const r = await runInPty(args, { cwd: dir.path, cols: 80, env: KO });
    expect(r.exit_code, plainText(r.output)).toBe(0);
    const lines = plainText(r.output).split('\n');
    expect(lines.length).toBeGreaterThan(8);
    const widths = cells(lines);
    const over = lines.filter((_, i) => widths[i]! > 80);
    expect(over).toEqual([]);
    // Hangul wrapped at a space, each wrapped line indented under its description (runs has
    // output options only, none of whose Korean descriptions is long enough to wrap).
    if (command !== 'runs') expect(lines.some((l) => /^ {10,}\S*[가-힣]/.test(l))).toBe(true);
    const text = lines.join('\n');
    for (const word of ['Usage:', 'Options:', 'Arguments:', 'Commands:', '(default:', '(choices:', '[options]', 'display help']) expect(text).not.toContain(word);
    expect(text).toMatch(/^사용법: esignon-bulk/m);
  });

  it.each(COMMANDS)('`help %s` is `<command> --help`, in both languages', async (command) => {
    for (const env of [KO, { LANG: 'C' }]) {
      const viaHelp = await runCli(['help', command], { env });
      const viaFlag = await runCli([command, '--help'], { env });
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout).toBe(viaFlag.stdout);
      expect(viaHelp.stdout).toMatch(/^\s+esignon-bulk /m); // the example
      expect(viaHelp.stdout).toContain('--lang');
    }
  });

  it('the program help lists `help [command]`; Korean examples fit in English too', async () => {
    const ko = await runCli(['--help'], { env: KO });
    expect(ko.stdout).toMatch(/^ {2}help \[명령\] +명령의 도움말/m);
    const en = await runInPty(['--help'], { cwd: dir.path, cols: 80 });
    expect(plainText(en.output)).toMatch(/^ {2}help \[command\] +show help for a command/m);
    for (const command of COMMANDS) {
      const r = await runInPty([command, '--help'], { cwd: dir.path, cols: 80 });
      const lines = plainText(r.output).split('\n');
      const widths = cells(lines);
      expect(lines.filter((_, i) => widths[i]! > 80), command).toEqual([]);
    }
  });
});

describe('options only where they do something', () => {
  it('init has no --verbose or --no-color, the emulator only --lang of the output options', async () => {
    const init = await runCli(['init', '--help']);
    expect(init.stdout).toContain('--json');
    for (const flag of ['--verbose', '--no-color']) expect(init.stdout).not.toContain(flag);
    const emulator = await runCli(['emulator', '--help']);
    expect(emulator.stdout).toContain('--lang');
    for (const flag of ['--json', '--quiet', '--verbose', '--no-color']) expect(emulator.stdout).not.toContain(flag);
    const refused = await runCli(['init', 'x', '--verbose'], { cwd: dir.path });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("unknown option '--verbose'");
  });
});

describe("commander's errors", () => {
  it('a missing argument prints the usage line, the example and where every option is (Korean and English)', async () => {
    const ko = await runCli(['send'], { env: KO });
    expect(ko.code).toBe(2);
    expect(ko.stderr.split('\n').slice(0, 4)).toEqual(["오류: 필수 인자 'csv'이(가) 없습니다", '사용법: esignon-bulk send [옵션] <csv>', '', '예:']);
    expect(ko.stderr).toContain('  esignon-bulk send signers.csv --sandbox\n');
    expect(ko.stderr.trimEnd().split('\n').at(-1)).toBe('모든 옵션: esignon-bulk help send');

    const en = await runCli(['status']);
    expect(en.code).toBe(2);
    expect(en.stderr.split('\n').slice(0, 2)).toEqual(["error: missing required argument 'results'", 'Usage: esignon-bulk status [options] <results>']);
    expect(en.stderr).toContain('  esignon-bulk status signers.results.csv\n');
  });

  it.each([
    [['send', 'a.csv', '--limt', '3'], "오류: 알 수 없는 옵션 '--limt'\n(혹시 --limit을(를) 찾으셨나요?)", "error: unknown option '--limt'\n(Did you mean --limit?)"],
    [['sned'], "오류: 알 수 없는 명령 'sned'\n(혹시 send을(를) 찾으셨나요?)", "error: unknown command 'sned'\n(Did you mean send?)"],
    [['send', 'a.csv', 'b.csv'], '오류: 인자가 너무 많습니다: 1개를 받는데 2개가 주어졌습니다', 'error: too many arguments: expected 1 argument but got 2'],
    [['templates', '--folder', 'x'], "오류: 옵션 '--folder <folder>'에 'x'은(는) 쓸 수 없습니다. 가능한 값: all, shared, my", "error: option '--folder <folder>' cannot be 'x'; allowed: all, shared, my"],
    [['send', 'a.csv', '--out'], "오류: 옵션 '-o, --out <file>'에 값이 필요합니다", "error: option '-o, --out <file>' needs a value"],
  ])('%j: in Korean and English, exit 2', async (args, ko, en) => {
    const k = await runCli(args, { env: KO });
    expect(k.code).toBe(2);
    expect(k.stderr.startsWith(ko), k.stderr).toBe(true);
    const e = await runCli(args);
    expect(e.code).toBe(2);
    expect(e.stderr.startsWith(en), e.stderr).toBe(true);
  });
});
