/**
 * The run loop every long command shares (src/jobs/run-control.ts): at most
 * `concurrency` pieces of work at a time, in order; a stop or the first signal lets no
 * new work start while the work in flight finishes; the second signal leaves through
 * exitNow; a bug in the work is rethrown once the rest has ended.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { INTERRUPT_SIGNALS, RunControl } from '../../src/jobs/run-control.js';
import { Reporter } from '../../src/ui/reporter.js';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

class Left extends Error {
  constructor(readonly code: number) {
    super(`left with ${code}`);
  }
}

function control(concurrency: number) {
  const stderr = new Sink();
  const ui = new Reporter({ quiet: false, json: false, color: false, verbose: false }, { stdout: new Sink(), stderr, env: {} });
  const exits: number[] = [];
  const c = new RunControl({
    ui,
    concurrency,
    firstSignal: (signal) => `first ${signal}`,
    secondSignal: () => ['second', 'resume hint'],
    exitNow: (code) => {
      exits.push(code);
      throw new Left(code);
    },
  });
  return { c, stderr, exits };
}

/** A piece of work that ends when told to. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  for (const signal of INTERRUPT_SIGNALS) expect(process.listenerCount(signal)).toBe(0);
});

describe('RunControl', () => {
  it('runs at most `concurrency` pieces at once, in order, and waits for all of them', async () => {
    const { c } = control(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const done = c.run('label', async () => {
      for (let i = 0; i < gates.length; i++) {
        await c.start(async () => {
          started.push(i);
          running++;
          most = Math.max(most, running);
          await gates[i]!.opened;
          running--;
        });
      }
    });
    await tick();
    expect(started).toEqual([0, 1]);
    gates[1]!.open();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    await done;
    expect(started).toEqual([0, 1, 2, 3]);
    expect(most).toBe(2);
  });

  it('narrow(1): no new piece starts until every piece in flight has ended; narrow(undefined) widens again', async () => {
    const { c } = control(3);
    const gates = [gate(), gate(), gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const done = c.run('label', async () => {
      for (let i = 0; i < gates.length; i++) {
        await c.start(async () => {
          started.push(i);
          await gates[i]!.opened;
          if (i === 0) c.narrow(1);
          if (i === 3) c.narrow(undefined);
        });
      }
    });
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.open();
    await tick();
    expect(started).toEqual([0, 1, 2]); // two still in flight: none starts
    gates[1]!.open();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[2]!.open();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]); // alone
    gates[3]!.open();
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4, 5]); // three slots again
    for (const g of gates) g.open();
    await done;
  });

  it('after stop(), no new piece starts; the pieces in flight and the trailing work finish', async () => {
    const { c } = control(1);
    const first = gate();
    let trailingDone = false;
    const starts: boolean[] = [];
    const done = c.run('label', async () => {
      starts.push(
        await c.start(async () => {
          await first.opened;
          c.after(tick().then(() => void (trailingDone = true)));
        }),
      );
      c.stop();
      starts.push(await c.start(async () => expect.unreachable()));
    });
    await tick();
    first.open();
    await done;
    expect(starts).toEqual([true, false]);
    expect(trailingDone).toBe(true);
    expect(c.interrupted).toBe(false);
  });

  it('first signal: stops and warns; second: the lines, then exitNow(130)', async () => {
    const { c, stderr, exits } = control(1);
    const inFlight = gate();
    const done = c.run('label', async () => {
      await c.start(() => inFlight.opened);
      c.interrupt('SIGINT');
      expect(c.stopping).toBe(true);
      expect(c.interrupted).toBe(true);
      expect(await c.start(async () => expect.unreachable())).toBe(false);
      expect(() => c.interrupt('SIGINT')).toThrow(Left);
    });
    await tick();
    inFlight.open();
    await done;
    expect(exits).toEqual([130]);
    expect(stderr.text).toBe('label\nfirst SIGINT\nsecond\nresume hint\n'); // the start line: no terminal here
  });

  it('listens to the interrupt signals only while it runs', async () => {
    const { c } = control(1);
    await c.run('label', async () => {
      for (const signal of INTERRUPT_SIGNALS) expect(process.listeners(signal)).toContain(c.interrupt);
    });
  });

  it('a piece that throws is a bug: no new piece starts, the others finish, then it is rethrown', async () => {
    const { c } = control(2);
    const other = gate();
    let otherFinished = false;
    const done = c.run('label', async () => {
      await c.start(async () => {
        await other.opened;
        otherFinished = true;
      });
      await c.start(async () => {
        throw new Error('bug');
      });
      await tick();
      expect(await c.start(async () => expect.unreachable())).toBe(false);
    });
    await tick();
    other.open();
    await expect(done).rejects.toThrow('bug');
    expect(otherFinished).toBe(true);
  });
});
