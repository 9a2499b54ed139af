import type { IntegrationField } from '../schemas/integrations.ts';

/** A `{field}` placeholder in a template URL, standing for the connection's value of that field. */
export const placeholderSyntax = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * The placeholders of a template URL that no field pins. A placeholder can put an end user's
 * value in the host of a request carrying the organization's secrets (the client secret,
 * `apiHeaders`, the connection's own credentials), so it must name a field whose `pattern` pins
 * the value to the provider's hosts (Shopify's `*.myshopify.com`); otherwise an end user could
 * send those secrets anywhere, the cloud metadata address included.
 */
export function unpinnedPlaceholders(template: string, fields: readonly IntegrationField[]): string[] {
  // Checked on every proxied call: most templates have no placeholder at all
  if (!template.includes('{')) return [];
  const names = [...template.matchAll(placeholderSyntax)].map((match) => match[1]);
  return names.filter((name) => !fields.find((field) => field.name === name)?.pattern);
}
