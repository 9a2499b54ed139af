/** The built-in integration catalog: templates an admin enables by adding OAuth client credentials. */
import type { IntegrationTemplate } from './template.ts';
import { airtable } from './airtable.ts';
import { atlassian } from './atlassian.ts';
import { github } from './github.ts';
import { google } from './google.ts';
import { hubspot } from './hubspot.ts';
import { jira } from './jira.ts';
import { linear } from './linear.ts';
import { microsoft } from './microsoft.ts';
import { notion } from './notion.ts';
import { openai } from './openai.ts';
import { salesforce } from './salesforce.ts';
import { shopify } from './shopify.ts';
import { slack } from './slack.ts';
import { stripe } from './stripe.ts';
import { twilio } from './twilio.ts';
import { zoom } from './zoom.ts';

export type { IntegrationTemplate } from './template.ts';

/** Templates are shared by every request: frozen so no caller can change one for all. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export const builtInCatalog: readonly IntegrationTemplate[] = deepFreeze([
  github,
  google,
  slack,
  hubspot,
  salesforce,
  notion,
  linear,
  microsoft,
  shopify,
  zoom,
  atlassian,
  stripe,
  openai,
  airtable,
  twilio,
  jira,
]);

const byKey = new Map(builtInCatalog.map((template) => [template.key, template]));

/** The built-in template with this key, if any. */
export function findTemplate(key: string): IntegrationTemplate | undefined {
  return byKey.get(key);
}
