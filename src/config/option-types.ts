/**
 * The types derived from the option table (./options.ts): what the command line hands
 * to loadSettings and what it resolves. Nothing here at run time.
 */
import type { SETTINGS } from './options.js';

type Row = (typeof SETTINGS)[number];
/** The settings loadSettings resolves (secrets are read where they are used). */
type Resolved = Extract<Row, { kind: 'text' | 'number' | 'boolean' | 'config' }>;
/** A config file key. */
export type FileSetting = Extract<Row, { kind: 'text' | 'number' | 'boolean' }>;

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
/** The type-level attributeName(). */
type Attribute<F extends string> = F extends `${string}--${infer Rest}` ? Camel<Rest extends `${infer Name} ${string}` ? Name : Rest> : never;
type Value<R> = R extends { kind: 'number' } ? number : R extends { kind: 'boolean' } ? boolean : string;

/** The setting flags as the command line gives them to loadSettings: strings, or undefined when not given. */
export type SettingFlags = {
  [R in Resolved as R extends { flags: string } ? Attribute<R['flags']> : never]?: string | undefined;
};

/** The resolved value of each setting: always there when it has a default, else optional. */
export type SettingValues = {
  [R in Resolved as R extends { default: unknown } ? R['key'] : never]: Value<R>;
} & {
  [R in Resolved as R extends { default: unknown } ? never : R['key']]?: Value<R> | undefined;
};
