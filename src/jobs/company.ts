/**
 * The company's documents and plan (GET /api/v2/company, company-compinfo.md), as the
 * pre-flight reads them: what is left (`workflow_capacity` − `workflow_usage`) and
 * when the plan ends (`expiry_date`). A run that needs more documents than are left,
 * or a plan past its end, is refused before the first batch: 1410Q would otherwise
 * stop mid-run with `13` or `14`.
 */
import type { CompanyDetail } from '../api/requests.js';
import { t } from '../ui/i18n.js';
import type { PreflightProblem } from './preflight.js';

/** The company's numbers, as `validate --online` shows them and the gate checks them. */
export interface CompanyReport {
  /** documents bought (`workflow_capacity`); undefined when not given */
  capacity: number | undefined;
  /** documents used (`workflow_usage`) */
  usage: number | undefined;
  /** capacity − usage, never below 0; undefined when either is unknown */
  remaining: number | undefined;
  /** the plan's end, ISO 8601 UTC; '' when not given */
  expiry: string;
  expired: boolean;
}

/** The company's numbers from its answer, at `now`. */
export function companyReport(c: CompanyDetail, now: number = Date.now()): CompanyReport {
  const remaining = c.capacity !== undefined && c.usage !== undefined ? Math.max(0, c.capacity - c.usage) : undefined;
  const end = Date.parse(c.expiry);
  return { capacity: c.capacity, usage: c.usage, remaining, expiry: c.expiry, expired: !Number.isNaN(end) && end < now };
}

/** The problem of a run that needs `needed` documents, or undefined when the company has them. */
export function quotaProblem(company: CompanyReport | undefined, needed: number): PreflightProblem | undefined {
  if (company?.remaining === undefined || needed <= company.remaining) return undefined;
  return {
    code: 'quota',
    message: t('preflight.quota', { needed, remaining: company.remaining, capacity: company.capacity ?? 0, usage: company.usage ?? 0 }),
  };
}

/** `documents left: 9,800 of 10,000 (200 used); plan valid until 2027-01-01 00:00 UTC`. */
export function companyLine(c: CompanyReport): string {
  const n = (x: number | undefined): string => (x === undefined ? '?' : x.toLocaleString('en-US'));
  return t('preflight.company', { remaining: n(c.remaining), capacity: n(c.capacity), usage: n(c.usage), expiry: c.expiry === '' ? '?' : c.expiry });
}

