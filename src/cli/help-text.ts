/**
 * commander's own words in the messages' language: the titles of --help, the details
 * of an option (`(choices: …, default: …)`) and commander's error lines. Loaded with
 * the program (cli/program.ts), so it imports only the start-up catalogue's t().
 */
import { t } from '../ui/i18n.js';

/** The titles of commander's help, in Korean. */
export const TITLES_KO: Record<string, string> = {
  'Usage:': '사용법:',
  'Arguments:': '인자:',
  'Options:': '옵션:',
  'Commands:': '명령:',
  'Global Options:': '공통 옵션:',
};

/** A description with commander's `(choices: …, default: …)`, in the messages' language. */
export function withDetails(description: string | undefined, choices: readonly string[] | undefined, dflt: string | undefined): string {
  const details = [
    ...(choices ? [`${t('cli.help.choices')}: ${choices.map((c) => JSON.stringify(c)).join(', ')}`] : []),
    ...(dflt !== undefined ? [`${t('cli.help.default')}: ${dflt}`] : []),
  ];
  return [description ?? '', ...(details.length > 0 ? [`(${details.join(', ')})`] : [])].join(' ').trim();
}

export function defaultText(value: unknown, description: string | undefined): string | undefined {
  return value === undefined ? undefined : (description ?? JSON.stringify(value));
}

/**
 * commander's own error lines in the messages' language: `error: unknown option '--x'`
 * and its "Did you mean" line. `arguments`: a missing or extra argument.
 */
export function commanderError(raw: string): { text: string; arguments: boolean } {
  const [first = '', ...rest] = raw.replace(/\n$/, '').split('\n');
  const suggestion = /^\(Did you mean (one of )?(.*)\?\)$/.exec(rest.join('\n'));
  let m: RegExpExecArray | null;
  let text: string;
  let args = false;
  if ((m = /^error: unknown option '(.*)'$/.exec(first))) text = t('cli.err.unknown_option', { option: m[1]! });
  else if ((m = /^error: unknown command '(.*)'$/.exec(first))) text = t('cli.err.unknown_command', { command: m[1]! });
  else if ((m = /^error: missing required argument '(.*)'$/.exec(first))) {
    text = t('cli.err.missing_argument', { argument: m[1]! });
    args = true;
  } else if ((m = /^error: too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/.exec(first))) {
    text = t('cli.err.too_many_arguments', { expected: Number(m[2]), got: Number(m[3]) });
    args = true;
  } else if ((m = /^error: option '(.*)' argument missing$/.exec(first))) text = t('cli.err.option_value_missing', { option: m[1]! });
  else if ((m = /^error: option '(.*)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/.exec(first))) {
    text = t('cli.err.invalid_choice', { option: m[1]!, value: m[2]!, choices: m[3]! });
  } else text = first.replace(/^error:/, `${t('error.prefix')}:`);
  const more = suggestion ? [t('cli.err.did_you_mean', { suggestions: suggestion[2]!, several: suggestion[1] !== undefined })] : rest;
  return { text: [text, ...more].join('\n') + '\n', arguments: args };
}
