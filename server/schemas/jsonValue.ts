import { z } from 'zod';

/** How deep a free-form JSON value may nest objects and arrays (`[]` and `{}` are one level). */
export const maxJsonDepth = 64;

export type JsonValueProblem = { code: 'validation_failed' | 'payload_too_large'; message: string };

/**
 * Whether `value` nests objects or arrays deeper than `maxDepth` levels, or holds more than
 * `maxNodes` of them. Iterative, and it stops at the first level too deep, so neither a deep value
 * nor a cyclic or widely shared one (a workflow's own object) can overflow the stack or run long.
 */
export function jsonShapeProblem(value: unknown, maxDepth: number, maxNodes = Number.POSITIVE_INFINITY): 'too_deep' | 'too_large' | undefined {
  const pending: [object, number][] = [];
  if (typeof value === 'object' && value !== null) pending.push([value, 1]);
  let nodes = 0;
  while (pending.length) {
    const [item, depth] = pending.pop()!;
    if (depth > maxDepth) return 'too_deep';
    if (++nodes > maxNodes) return 'too_large';
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return undefined;
}

/**
 * What is wrong with `value` as a free-form JSON value of the API: nested deeper than 64 levels
 * (400) or longer than `maxBytes` as JSON (413). The depth is checked first, so the size can then
 * be measured with JSON.stringify without any risk to the stack.
 */
export function jsonValueProblem(value: unknown, maxBytes: number): JsonValueProblem | undefined {
  // Every object or array takes at least two bytes of JSON: more of them cannot fit in maxBytes
  const shape = jsonShapeProblem(value, maxJsonDepth, Math.ceil(maxBytes / 2));
  if (shape === 'too_deep') return { code: 'validation_failed', message: `must not be nested deeper than ${maxJsonDepth} levels` };
  if (shape === 'too_large') return tooLarge(maxBytes);
  const text = JSON.stringify(value);
  if (text !== undefined && Buffer.byteLength(text) > maxBytes) return tooLarge(maxBytes);
  return undefined;
}

const tooLarge = (maxBytes: number): JsonValueProblem => ({ code: 'payload_too_large', message: `must not be larger than ${kilobytes(maxBytes)} as JSON` });

const kilobytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`);

function refineJsonValue(maxBytes: number) {
  return (value: unknown, ctx: z.RefinementCtx) => {
    const problem = jsonValueProblem(value, maxBytes);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: { code: problem.code } });
  };
}

const description = (what: string, maxBytes: number) =>
  `${what}, nested at most ${maxJsonDepth} levels deep and at most ${kilobytes(maxBytes)} as JSON (deeper: 400 validation_failed; larger: 413 payload_too_large)`;

/**
 * A free-form JSON value (`input`, `payload`): any JSON, with the depth and size limits every
 * free-form value of the contract has. Checked as a whole, never by a recursive schema, whose
 * parsing would itself recurse once per level.
 */
export const jsonValue = (maxBytes: number) =>
  z
    .unknown()
    .superRefine(refineJsonValue(maxBytes))
    .meta({ description: description('Any JSON value', maxBytes), 'x-hitch-max-depth': maxJsonDepth, 'x-hitch-max-bytes': maxBytes });

/** A free-form JSON object (`metadata`), with the same limits. */
export const jsonObject = (maxBytes: number) =>
  z
    .record(z.string(), z.unknown())
    .superRefine(refineJsonValue(maxBytes))
    .meta({ description: description('A JSON object', maxBytes), 'x-hitch-max-depth': maxJsonDepth, 'x-hitch-max-bytes': maxBytes });
