import { de } from './de.ts';
import { en, type HitchStrings } from './en.ts';

export type { HitchStrings };

const builtIn: Record<string, HitchStrings> = { en, de };

/** The built-in strings for a BCP 47 tag (`de-AT` → German), English when unknown, with overrides on top. */
export function resolveStrings(locale: string, overrides: Partial<HitchStrings> = {}): HitchStrings {
  const language = locale.toLowerCase().split('-')[0];
  return { ...(builtIn[language] ?? en), ...overrides };
}

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => String(values[key] ?? match));
}
