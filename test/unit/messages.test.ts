import { describe, expect, it } from 'vitest';
import { detectLang, loadMessages, setLang, t } from '../../src/ui/i18n.js';
import * as cli from '../../src/ui/messages/cli.js';
import { rest, type MessageKey } from '../../src/ui/messages/index.js';
import { explainResultCode } from '../../src/ui/messages/api.js';

/** Every catalogue: the command line's (loaded at start) and the commands' (loaded by loadMessages). */
const catalogues = { en: { ...cli.en, ...rest.en }, ko: { ...cli.ko, ...rest.ko } };

/** An argument that answers any property, so every message can be rendered without knowing its shape. */
const anything: unknown = new Proxy(function () {}, {
  get: (_t, prop) => {
    if (prop === Symbol.toPrimitive) return () => '7';
    if (prop === 'length') return 1;
    if (typeof prop === 'string' && prop in Array.prototype) return (...args: unknown[]) => ([anything] as unknown as Record<string, (...a: unknown[]) => unknown>)[prop]!(...args);
    return anything;
  },
  apply: () => '7',
});

function render(entry: unknown): string {
  return typeof entry === 'function' ? String((entry as (...a: unknown[]) => unknown)(anything, anything, anything)) : String(entry);
}

describe('message catalogues', () => {
  const en = Object.keys(catalogues.en).sort();
  const ko = Object.keys(catalogues.ko).sort();

  it('every key exists in both languages', () => {
    expect(ko).toEqual(en);
    expect(en.length).toBeGreaterThan(100);
  });

  it('no key is in both the start-up catalogue and the commands\'', () => {
    expect(Object.keys(cli.en).filter((key) => Object.hasOwn(rest.en, key))).toEqual([]);
  });

  it.each(en)('%s renders in both languages, and the Korean one is Korean', (key) => {
    const english = render(catalogues.en[key as MessageKey]);
    const korean = render(catalogues.ko[key as MessageKey]);
    expect(english.trim()).not.toBe('');
    expect(korean.trim()).not.toBe('');
    // Korean messages contain Hangul unless they are pure data (a label, a column name).
    if (/[a-z]{4,}\s+[a-z]{3,}\s+[a-z]{3,}/i.test(english) && !/^cli\.(help_after|.*example)$/.test(key)) {
      expect(korean, key).toMatch(/[\uac00-\ud7a3]/);
    }
  });
});

describe('loading', () => {
  // In this order: this file has not loaded the commands' messages before.
  it('a message of a command before loadMessages() is a bug, and says so', () => {
    expect(t('error.prefix')).toBe('error');
    expect(() => t('csv.empty', 'x.csv')).toThrow(/internal error: message "csv\.empty" .*loadMessages/);
  });

  it('after loadMessages() every message is there', async () => {
    await loadMessages();
    expect(t('csv.empty', 'x.csv')).toContain('x.csv');
  });
});

describe('language choice', () => {
  it.each([
    [{ LANG: 'ko_KR.UTF-8' }, undefined, 'ko'],
    [{ LC_ALL: 'ko_KR.eucKR', LANG: 'en_US.UTF-8' }, undefined, 'ko'],
    [{ LC_MESSAGES: 'ko', LANG: 'C' }, undefined, 'ko'],
    [{ LC_ALL: 'C', LANG: 'ko_KR.UTF-8' }, undefined, 'en'],
    [{ LANG: 'C' }, undefined, 'en'],
    [{}, undefined, 'en'],
    [{ LANG: 'kok_IN' }, undefined, 'en'],
    [{ LANG: 'C' }, 'ko', 'ko'],
    [{ LANG: 'ko_KR.UTF-8' }, 'en', 'en'],
  ])('%j with --lang %s → %s', (env, flag, lang) => {
    expect(detectLang(env as NodeJS.ProcessEnv, flag)).toBe(lang);
  });

  it.each(['-1', '10', '11', '12', '13', '14', '15', '94', '99'])('result code %s is explained in both languages', (code) => {
    setLang('ko');
    const ko = explainResultCode(code);
    setLang('en');
    const en = explainResultCode(code);
    expect(ko).toMatch(/[\uac00-\ud7a3]/);
    expect(ko).toContain(`(${code})`);
    expect(en).toContain(`(${code})`);
    expect(en).not.toBe(ko);
  });

  it('t() follows setLang', () => {
    setLang('ko');
    expect(t('error.prefix')).toBe('오류');
    setLang('en');
    expect(t('error.prefix')).toBe('error');
  });
});
