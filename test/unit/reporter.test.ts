/**
 * The reporter's progress without a terminal: a line at the start, at most one every
 * `progressEveryMs`, the last piece of work always, and where a stopped run got to.
 */
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Reporter, type Progress } from '../../src/ui/reporter.js';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const output = { json: false, quiet: false, verbose: false, color: false };
const at = (done: number, total = 100): Progress => ({ done, total, sent: done, failed: 0, unknown: 0 });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('progress without a terminal', () => {
  function reporter(progressEveryMs?: number) {
    const stderr = new Sink();
    return { ui: new Reporter(output, { stdout: new Sink(), stderr, env: {} }, { progressEveryMs }), stderr };
  }

  it('prints the start, one line per interval, and the last piece of work', async () => {
    const { ui, stderr } = reporter(1000);
    await ui.progressStart('sending');
    for (let done = 1; done <= 100; done++) {
      vi.advanceTimersByTime(150); // 100 pieces in 15 s
      ui.progress(at(done), `batch ${done}/100`);
    }
    ui.progressStop();
    const lines = stderr.text.trimEnd().split('\n').map((l) => l.replace(/ · ETA .*$/, ''));
    expect(lines[0]).toBe('sending');
    expect(lines.at(-1)).toBe('batch 100/100');
    // Every 1000 ms at 150 ms a piece: pieces 7, 14, 21 … 98, then 100.
    expect(lines.slice(1)).toEqual([...Array.from({ length: 14 }, (_, i) => `batch ${(i + 1) * 7}/100`), 'batch 100/100']);
  });

  it('defaults to one line every five seconds', async () => {
    const { ui, stderr } = reporter();
    await ui.progressStart('sending');
    for (let done = 1; done <= 1000; done++) {
      vi.advanceTimersByTime(20); // 1000 pieces in 20 s
      ui.progress(at(done, 1000), `batch ${done}/1000`);
    }
    ui.progressStop();
    // the start; at 5, 10 and 15 s; the last (at 20 s)
    expect(stderr.text.trimEnd().split('\n')).toHaveLength(1 + 3 + 1);
  });

  it('a run that stops early ends with where it got to', async () => {
    const { ui, stderr } = reporter(5000);
    await ui.progressStart('sending');
    for (let done = 1; done <= 3; done++) ui.progress(at(done), `batch ${done}/100`);
    ui.progressStop();
    expect(stderr.text.replace(/ · ETA \S+/g, '')).toBe('sending\nbatch 3/100\n');
  });

  it('--quiet prints none of it', async () => {
    const stderr = new Sink();
    const ui = new Reporter({ ...output, quiet: true }, { stdout: new Sink(), stderr, env: {} }, { progressEveryMs: 1 });
    await ui.progressStart('sending');
    ui.progress(at(100), 'batch 100/100');
    ui.progressStop();
    expect(stderr.text).toBe('');
  });
});
