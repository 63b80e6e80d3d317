/** What the command line's flags hold, as the commands take it: output options, setting flags, counts and numbers. */
import { SETTINGS, attributeName, type SettingFlags } from '../config/options.js';
import type { OutputOptions } from '../ui/reporter.js';
import { t } from '../ui/i18n.js';

export function outputOptions(o: Record<string, unknown>): OutputOptions {
  return { json: Boolean(o.json), quiet: Boolean(o.quiet), verbose: Boolean(o.verbose), color: o.color !== false };
}

/** What the option table's setting flags hold: commander's values, still strings. */
export function settingFlags(o: Record<string, unknown>): SettingFlags {
  const flags: Record<string, string | undefined> = {};
  for (const s of SETTINGS) {
    if (s.kind === 'secret' || !('flags' in s)) continue;
    const name = attributeName(s.flags);
    flags[name] = o[name] === undefined ? undefined : String(o[name]);
  }
  return flags;
}

/** A usage error from a flag value; main turns it into exit 2. */
export class FlagError extends Error {}

export function parseCount(flag: string, raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n)) throw new FlagError(t('cli.bad_count', { flag, value: raw }));
  return n;
}

export function parseNumber(flag: string, raw: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0) throw new FlagError(t('cli.bad_number', { flag, value: raw }));
  return n;
}
