/**
 * Messages a user reads, in Korean or English. Each area of the tool keeps its
 * messages in `messages/<area>.ts` as an English catalogue plus a Korean one typed
 * as `Translation<typeof en>`, so a missing translation is a type error.
 */
import * as cli from './messages/cli.js';
import type { Catalogue, MessageKey } from './messages/index.js';

export type Lang = 'ko' | 'en';

type Message = string | ((...args: never[]) => string);
export type Translation<T extends Record<string, Message>> = {
  [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};

/** `--lang` wins; else LC_ALL, LC_MESSAGES, LANG in that order (the first one set decides). */
export function detectLang(env: NodeJS.ProcessEnv, forced?: string): Lang {
  if (forced === 'ko' || forced === 'en') return forced;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^ko([_.@-]|$)/i.test(locale) ? 'ko' : 'en';
}

let current: Lang = detectLang(process.env);

export function setLang(lang: Lang): void {
  current = lang;
}

export function getLang(): Lang {
  return current;
}

type Args<K extends MessageKey> = Catalogue[K] extends (...args: infer A) => string ? A : [];

type Messages = Record<Lang, Partial<Record<MessageKey, Message>>>;

/**
 * The command line's own messages (help texts, main's errors) are there at once;
 * the commands' (every other area) once `loadMessages()` has run. Loading those only
 * when a command runs keeps `--help` from parsing ~80 KB it never shows.
 */
const startup: Messages = cli;
let commands: Messages | undefined;
let loading: Promise<void> | undefined;

/** Loads every catalogue, so that t() may be asked for any key. program.ts runs it before any command; tests call it too. */
export function loadMessages(): Promise<void> {
  loading ??= import('./messages/index.js').then(({ rest }) => {
    commands = rest;
  });
  return loading;
}

/** The message `key` in the current language. */
export function t<K extends MessageKey>(key: K, ...args: Args<K>): string {
  const entry = startup[current][key] ?? commands?.[current][key];
  // A bug, never a user's mistake: printing the bare key instead would hide it.
  if (entry === undefined) throw new Error(`internal error: message "${key}" asked for before loadMessages() loaded it`);
  return typeof entry === 'function' ? (entry as (...a: Args<K>) => string)(...args) : entry;
}
