/**
 * All message catalogues. Add an area by importing its `en` and `ko` here; keys are
 * prefixed by area (`csv.`, `row.`, `send.` …) so areas cannot collide.
 */
import * as common from './common.js';

export const catalogues = {
  en: { ...common.en },
  ko: { ...common.ko },
};

export type Catalogue = typeof catalogues.en;
export type MessageKey = keyof Catalogue;
