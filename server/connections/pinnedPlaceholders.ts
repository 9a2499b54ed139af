import type { IntegrationField } from '../schemas/integrations.ts';

/** A `{field}` placeholder in a template URL, standing for the connection's value of that field. */
export const placeholderSyntax = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * The placeholders of a template URL that no field pins. A placeholder can put an end user's
 * value in the host of a request carrying the organization's secrets (the client secret,
 * `apiHeaders`, the connection's own credentials), so it must name a field whose `pattern` pins
 * the whole value to the provider's hosts (Shopify's `^…\.myshopify\.com$`); otherwise an end
 * user could send those secrets anywhere, the cloud metadata address included.
 */
export function unpinnedPlaceholders(template: string, fields: readonly IntegrationField[]): string[] {
  // Checked on every proxied call: most templates have no placeholder at all
  if (!template.includes('{')) return [];
  const names = [...template.matchAll(placeholderSyntax)].map((match) => match[1]);
  return names.filter((name) => !anchoredAtBothEnds(fields.find((field) => field.name === name)?.pattern));
}

/**
 * Whether a pattern can only match a whole value: `^` first, an unescaped `$` last, and no `|`
 * outside a group or class (`^a|b$` matches anything that starts with a). Without the end anchor,
 * `^[a-z]+\.myshopify\.com` would let `x.myshopify.com.evil.example` through.
 */
export function anchoredAtBothEnds(pattern: string | undefined): boolean {
  if (!pattern?.startsWith('^')) return false;
  let depth = 0;
  let inClass = false;
  for (let i = 1; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') i++; // an escaped character, `\$` included
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) return false;
    else if (char === '$' && i === pattern.length - 1) return depth === 0;
  }
  return false;
}
