/**
 * All message catalogues. Add an area by importing its `en` and `ko` here; keys are
 * prefixed by area (`csv.`, `row.`, `send.` …) so areas cannot collide.
 */
import * as common from './common.js';
import * as csv from './csv.js';
import * as rows from './rows.js';
import * as settings from './settings.js';
import * as send from './send.js';
import * as journal from './journal.js';
import * as cli from './cli.js';
import * as emulator from './emulator.js';
import * as account from './account.js';

export const catalogues = {
  en: { ...common.en, ...csv.en, ...rows.en, ...settings.en, ...send.en, ...journal.en, ...cli.en, ...cli.initEn, ...emulator.en, ...account.en },
  ko: { ...common.ko, ...csv.ko, ...rows.ko, ...settings.ko, ...send.ko, ...journal.ko, ...cli.ko, ...cli.initKo, ...emulator.ko, ...account.ko },
};

export type Catalogue = typeof catalogues.en;
export type MessageKey = keyof Catalogue;
