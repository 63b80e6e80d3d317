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
 */
import v8 from 'node:v8';

export function keepHeapSmall(): void {
  v8.setFlagsFromString('--heap-growing-percent=30');
}
