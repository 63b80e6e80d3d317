/**
 * The V8 heap policy of the long, streaming commands (send, validate and the
 * follow-ups that walk a results file).
 *
 * Their live data stays small at any size — modules, one batch, a few typed arrays:
 * ~20 MB after a full collection, whether the file has 1,000 rows or a million. But
 * V8 lets the old generation grow to up to 4 × the live data before the next full
 * collection, and the old generation does fill: each request through got leaves
 * ~30 kB that outlives two young-generation collections and is promoted (measured;
 * node:http leaves a tenth of that). A million-row send then peaked above 200 MB,
 * three quarters of it garbage waiting for a collection.
 *
 * Capping the growth at 30 % above the live data keeps the peak flat (~140 MB at a
 * million rows) for roughly one more full collection a second, ~10 ms each on a heap
 * this small. `heap_growing_percent` is read each time V8 sets its next limit, so
 * setting it at run time takes effect from the next collection on.
 *
 * The flag exists and acts the same on Node 20, 22 and 24 (V8 11.3, 12.4, 13.6;
 * measured). Were a later V8 to drop it, V8 would print "unrecognized flag" on stderr
 * and go on, which fails the e2e test of `send --quiet` (an empty stderr) that
 * .ci/run runs on every supported Node. Node 24's young generation grows to ~130 MB
 * instead of ~35 MB, so its send peaks ~100 MB higher; that size is fixed when the
 * process starts (`--max-semi-space-size=16` in NODE_OPTIONS brings it back) and
 * cannot be lowered from here without slowing every run (a semi-space growth factor
 * of 1 halves the peak but more than doubles the time).
 */
import v8 from 'node:v8';

export function keepHeapSmall(): void {
  v8.setFlagsFromString('--heap-growing-percent=30');
}
