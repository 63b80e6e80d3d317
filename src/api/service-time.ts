/**
 * The times in the service's answers, handed on in the one format of every time this
 * tool writes: ISO 8601 UTC.
 */

/**
 * A time as an answer gives it, as ISO 8601 UTC (`2026-03-01T09:30:00.000Z`, the form
 * of every time this tool writes). A time without a zone is in `offsetMinutes` east of
 * UTC (0: the zone the GETs were asked for); one with a zone keeps it. '' when empty;
 * the text as given (cleaned by the caller) when it is not a time.
 */
export function serviceTime(value: string, offsetMinutes = 0): string {
  const v = value.trim();
  if (v === '') return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(v);
  if (!m) return v;
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '0', zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), Number(frac.padEnd(3, '0')));
  if (Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(d)) return v;
  let offset = offsetMinutes;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    offset = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  } else if (zone !== undefined) offset = 0;
  ms -= offset * 60_000;
  return new Date(ms).toISOString();
}
