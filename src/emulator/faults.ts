/**
 * The emulator's switchable faults. One strict schema serves the control endpoint,
 * `startEmulator({ faults })`, `setFaults()` and the CLI's `--faults` flag, so a
 * misspelt key is an error everywhere instead of a silently ignored fault.
 *
 * Unless noted, a fault acts on 1410Q (bulk start) requests only: those are the
 * requests whose outcome the sending pipeline must get right. `latency_ms` is the time
 * from an API request's arrival to its answer (a 1410Q is checked meanwhile, its
 * documents stored at the end); `reject_tokens` rejects every authenticated one. The
 * answer-shape faults (`reverse_order`, `missing_header_fields`, `numbers_for_strings`,
 * `extra_fields`) change every API answer, to try a client's liberal reading; the
 * search faults act on 5009Q/5008Q.
 */
import { z } from 'zod';

const rate = z.number().min(0).max(1);
const count = z.number().int().nonnegative();

/** `Retry-After`: delay-seconds or an HTTP-date, as RFC 9110 allows. */
const retryAfter = z
  .string()
  .refine((v) => /^\d+$/.test(v) || !Number.isNaN(Date.parse(v)), 'must be a number of seconds or an HTTP-date');

/** Answer the next `count` 1410Q requests with this HTTP status and `Retry-After`. */
const statusFaultSchema = z.strictObject({
  count,
  retry_after: retryAfter.default('1'),
});

/** 1-based ordinals of 1410Q requests, counted since start or reset. */
const ordinals = z.array(z.number().int().positive());

/**
 * Hit 1410Q requests with probability `rate` (default 1), until `count` of them
 * have been hit (default: no limit); with `requests`, only those ordinals are
 * candidates. The fault switches itself off when the count is used up.
 */
const ratedFaultSchema = z.strictObject({
  count: count.optional(),
  rate: rate.optional(),
  requests: ordinals.optional(),
});

/**
 * Answer 1410Q with a result code its page does not list (`94` bad auth key, `95`,
 * `99` …), as the real service does. `processed: true` stores the documents first
 * (the answer then hides what was made); otherwise nothing is created.
 */
const undocumentedCodeFaultSchema = ratedFaultSchema.extend({
  code: z
    .string()
    .regex(/^-?\d{1,3}$/, 'must be a result code such as "94"')
    .refine((c) => !['00', '-1', '10', '11', '12', '13', '14', '15'].includes(c), 'must be a code the 1410Q page does not list'),
  processed: z.boolean().default(false),
});

/**
 * The signed PDF links (GET /files/…) answered badly, `count` times (default: no limit),
 * with probability `rate`, or at the 1-based ordinals in `requests` (file GETs counted
 * since start or reset): `drop` closes the connection unanswered, `cut` sends half the
 * announced bytes and closes it, `not_pdf` answers an HTML page, `http500` / `http503`
 * (Retry-After 0), `expired` the 403 of a link past its five minutes.
 */
const fileFaultSchema = ratedFaultSchema.extend({
  mode: z.enum(['drop', 'cut', 'not_pdf', 'http500', 'http503', 'expired']),
});

const HEADER_FIELDS = ['response_code', 'result_msg', 'session_id', 'version'] as const;

export const faultsSchema = z.strictObject({
  /** Delay before answering every API request (control endpoints excepted). */
  latency_ms: count,
  /** Probability that a 1410Q request is answered `11` (nothing created). */
  fail_rate: rate,
  /** 1-based ordinals of 1410Q requests (counted since start or reset) answered `11`. */
  fail_requests: ordinals,
  /** Probability that one signer of an accepted 1410Q gets `result: "FAIL"` (no document). */
  signer_fail_rate: rate,
  /** Maximum number of documents; a 1410Q that would exceed it is answered `13`. */
  quota: count.nullable(),
  /** 1410Q answered `12` (storage quota exceeded). */
  storage_full: z.boolean(),
  /** 1410Q answered `14` (subscription expired). */
  expired: z.boolean(),
  /** Every token is refused: HTTP 401 (1510Q: result `94`, as its page documents). */
  reject_tokens: z.boolean(),
  http429: statusFaultSchema.nullable(),
  http503: statusFaultSchema.nullable(),
  /** Destroy the connection after reading the request, before processing it: nothing created. */
  drop_before: ratedFaultSchema.nullable(),
  /** Process the request (documents created), then destroy the connection without answering. */
  drop_after: ratedFaultSchema.nullable(),
  /** Process the request (documents created), then answer HTTP 500. */
  http500_after: ratedFaultSchema.nullable(),
  /** 1410Q answered with an undocumented result code. */
  undocumented_code: undocumentedCodeFaultSchema.nullable(),
  /** Every list in an answer in reverse order: workflow_list, wf_list, action_history_list (newest first), file_list. */
  reverse_order: z.boolean(),
  /** These keys left out of every answer's header (`result_code` always stays). */
  missing_header_fields: z.array(z.enum(HEADER_FIELDS)),
  /** Numeric ids and counts as JSON numbers (`"workflow_id": 1234`) where the pages document strings. */
  numbers_for_strings: z.boolean(),
  /** An undocumented key added to the header, the body and every entry of every answer. */
  extra_fields: z.boolean(),
  /** 5009Q/5008Q answered `10` (failed): the search is down. */
  search_fail: z.boolean(),
  /** At most this many wf_list entries per 5009Q/5008Q answer, the rest silently left out. */
  search_cap: count.nullable(),
  /** Signed PDF links answered badly (see fileFaultSchema). */
  file_fault: fileFaultSchema.nullable(),
});
export type Faults = z.infer<typeof faultsSchema>;

export const NO_FAULTS: Readonly<Faults> = Object.freeze({
  latency_ms: 0,
  fail_rate: 0,
  fail_requests: [],
  signer_fail_rate: 0,
  quota: null,
  storage_full: false,
  expired: false,
  reject_tokens: false,
  http429: null,
  http503: null,
  drop_before: null,
  drop_after: null,
  http500_after: null,
  undocumented_code: null,
  reverse_order: false,
  missing_header_fields: [],
  numbers_for_strings: false,
  extra_fields: false,
  search_fail: false,
  search_cap: null,
  file_fault: null,
});

/**
 * A change to the faults: the keys given replace the current ones (`null` switches
 * a fault off), `reset: true` first clears every fault, `seed` re-seeds the
 * emulator's random numbers.
 */
export const faultsPatchSchema = faultsSchema.partial().extend({
  reset: z.boolean().optional(),
  seed: z.number().int().optional(),
});
/** What callers may pass (defaults not yet applied). */
export type FaultsPatch = z.input<typeof faultsPatchSchema>;

export function applyFaultsPatch(current: Faults, patch: z.output<typeof faultsPatchSchema>): Faults {
  const { reset, seed: _seed, ...changes } = patch;
  const base: Faults = reset ? cloneFaults(NO_FAULTS) : current;
  const next = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined) next[key] = value;
  }
  return next as Faults;
}

export function cloneFaults(f: Readonly<Faults>): Faults {
  return structuredClone(f) as Faults;
}

/** One line per problem, each naming the key, e.g. `faults.http429.count: expected number`. */
export function describeFaultsError(error: z.ZodError, prefix = 'faults'): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => `${path}.${k}: unknown fault`).join('; ');
    }
    return `${path}: ${issue.message}`;
  });
}

// ---------------------------------------------------------------- seeded randomness

/** A small seedable generator (mulberry32): reproducible fault decisions and ids. */
export class Random {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** True with probability p (never for 0, always for 1). */
  chance(p: number): boolean {
    return p > 0 && (p >= 1 || this.next() < p);
  }
  /** An integer in [min, max). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min));
  }
}
