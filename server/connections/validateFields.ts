import { HitchError, type FieldError } from '../errors.ts';
import type { IntegrationField } from '../schemas/integrations.ts';
import { fieldPattern } from './fieldPattern.ts';

/** C0, DEL and C1: no credential holds one, and in a header one breaks the request (or smuggles another). */
const controlCharacter = /\p{Cc}/u;

/**
 * Checks submitted credentials against the integration's fields: all present, no control
 * characters, patterns met, nothing extra. Errors are reported under `where` (the body field
 * that held the values) and never quote a value.
 */
export function validateFields(fields: IntegrationField[], submitted: Record<string, string>, where = 'credentials'): Record<string, string> {
  const errors: FieldError[] = [];
  const known = new Set(fields.map((field) => field.name));
  for (const name of Object.keys(submitted)) {
    if (!known.has(name)) errors.push({ path: `${where}.${name}`, message: 'is not a field of this integration' });
  }
  for (const field of fields) {
    const value = submitted[field.name]?.trim() ?? '';
    if (!value) errors.push({ path: `${where}.${field.name}`, message: `${field.label} is required` });
    else if (controlCharacter.test(value)) {
      errors.push({ path: `${where}.${field.name}`, message: `${field.label} must not contain control characters (such as a line break)` });
    } else if (field.pattern && !fieldPattern(field.pattern).test(value)) {
      errors.push({ path: `${where}.${field.name}`, message: `${field.label} does not have the expected format` });
    }
  }
  if (errors.length) throw new HitchError('validation_failed', 'The credentials are not valid.', { errors });
  return Object.fromEntries(fields.map((field) => [field.name, submitted[field.name].trim()]));
}
