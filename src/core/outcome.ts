/**
 * What happened to one input row. Every row of the input ends in exactly one of
 * these; the results file is written from them and nothing else.
 */
export type RowStatus = 'sent' | 'failed' | 'invalid' | 'unknown' | 'not_sent' | 'skipped_duplicate';

/** Fields shared by outcomes that involved a request. */
interface BatchRef {
  /** Batch number, unique within a results file across resumes. */
  batch: number;
  session_id: string;
}

export type RowOutcome =
  | ({ status: 'sent'; workflow_id: string; token: string; result: string; result_code: string; message: string; sent_at: string } & BatchRef)
  | ({ status: 'failed'; result: string; result_code: string; message: string; sent_at: string } & BatchRef)
  | ({ status: 'unknown'; message: string; sent_at: string } & BatchRef)
  | { status: 'invalid'; message: string }
  | { status: 'not_sent'; message: string }
  | { status: 'skipped_duplicate'; message: string };
