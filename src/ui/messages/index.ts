/**
 * The message catalogues of the commands: every area but `cli.ts`. Add an area by
 * importing its `en` and `ko` here; keys are prefixed by area (`csv.`, `row.`,
 * `send.` …) so areas cannot collide.
 *
 * Parsing them is a good part of start-up, so this module is imported only by
 * `loadMessages()` (i18n.ts), before a command runs; `--help` and main's own error
 * lines need only `cli.ts`, which i18n.ts imports at once.
 */
import type * as cli from './cli.js';
import * as csv from './csv.js';
import * as rows from './rows.js';
import * as settings from './settings.js';
import * as send from './send.js';
import * as journal from './journal.js';
import * as init from './init.js';
import * as emulator from './emulator.js';
import * as account from './account.js';
import * as xlsx from './xlsx.js';
import * as api from './api.js';
import * as runs from './runs.js';
import * as safety from './safety.js';
import * as download from './download.js';
import * as search from './search.js';
import * as settle from './settle.js';
import * as sandbox from './sandbox.js';

/** The messages of every area but `cli.ts`: what `loadMessages()` adds. */
export const rest = {
  en: { ...csv.en, ...rows.en, ...settings.en, ...send.en, ...journal.en, ...init.en, ...emulator.en, ...account.en, ...xlsx.en, ...api.en, ...runs.en, ...safety.en, ...download.en, ...search.en, ...settle.en, ...sandbox.en },
  ko: { ...csv.ko, ...rows.ko, ...settings.ko, ...send.ko, ...journal.ko, ...init.ko, ...emulator.ko, ...account.ko, ...xlsx.ko, ...api.ko, ...runs.ko, ...safety.ko, ...download.ko, ...search.ko, ...settle.ko, ...sandbox.ko },
};

/** Every message, `cli.ts`'s and the rest (types only: naming them loads nothing). */
export type Catalogue = typeof cli.en & typeof rest.en;
export type MessageKey = keyof Catalogue;
