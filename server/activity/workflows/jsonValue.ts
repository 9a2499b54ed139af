import { jsonShapeProblem, maxJsonDepth } from '../../schemas/jsonValue.ts';

/**
 * `value` as plain JSON (what the store keeps), or an error naming `what`: a run's output and
 * emitted payloads must survive a round trip through the store unchanged, and obey the limits of
 * every free-form JSON value (schemas/jsonValue.ts).
 */
export function toJsonValue(value: unknown, what: string, maxBytes: number): unknown {
  if (value === undefined) return undefined;
  // The workflow's own object first, without recursion: a deep, cyclic or widely shared one must
  // not reach JSON.stringify, which recurses once per level and expands shared parts every time
  const shape = jsonShapeProblem(value, maxJsonDepth, Math.ceil(maxBytes / 2));
  if (shape === 'too_deep') throw new Error(`${what} is nested deeper than ${maxJsonDepth} levels`);
  if (shape === 'too_large') throw new Error(`${what} is larger than ${Math.round(maxBytes / 1024)} KB`);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new Error(`${what} is not JSON: ${(error as Error).message}`);
  }
  if (text === undefined) return undefined;
  if (Buffer.byteLength(text) > maxBytes) throw new Error(`${what} is larger than ${Math.round(maxBytes / 1024)} KB`);
  const plain: unknown = JSON.parse(text);
  // `toJSON` methods may have turned it into something else: what is stored is checked again
  if (jsonShapeProblem(plain, maxJsonDepth)) throw new Error(`${what} is nested deeper than ${maxJsonDepth} levels`);
  return plain;
}
