/** A field's `pattern` as submitted values are checked against it: Unicode mode, like HTML's `pattern`. */
export const fieldPattern = (source: string) => new RegExp(source, 'u');

/** Whether a `pattern` compiles; checked when an integration is saved, so no connect fails on it later. */
export function isFieldPattern(source: string): boolean {
  try {
    fieldPattern(source);
    return true;
  } catch {
    return false;
  }
}
