/**
 * Messages a user reads, in Korean or English. Each area of the tool keeps its
 * messages in `messages/<area>.ts` as an English catalogue plus a Korean one typed
 * as `Translation<typeof en>`, so a missing translation is a type error.
 */
import { catalogues, type Catalogue, type MessageKey } from './messages/index.js';

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

/** The message `key` in the current language. */
export function t<K extends MessageKey>(key: K, ...args: Args<K>): string {
  const entry = catalogues[current][key] as Message;
  return typeof entry === 'function' ? (entry as (...a: Args<K>) => string)(...args) : entry;
}
