/**
 * `value` as plain JSON (what the store keeps), or an error naming `what`: a run's output and
 * emitted payloads must survive a round trip through the store unchanged.
 */
export function toJsonValue(value: unknown, what: string, maxBytes: number): unknown {
  if (value === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new Error(`${what} is not JSON: ${(error as Error).message}`);
  }
  if (text === undefined) return undefined;
  if (Buffer.byteLength(text) > maxBytes) throw new Error(`${what} is larger than ${Math.round(maxBytes / 1024)} KB`);
  return JSON.parse(text);
}
