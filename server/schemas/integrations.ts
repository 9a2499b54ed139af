import { z } from 'zod';
import { isFieldPattern } from '../connections/fieldPattern.ts';
import { unpinnedPlaceholders } from '../connections/pinnedPlaceholders.ts';
import { jsonPointer } from '../integrations/jsonPointer.ts';

export const integrationKey = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be 1–64 of a-z 0-9 -');

export const authType = z.enum(['oauth2', 'apiKey', 'basic']);

export const integrationField = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be an identifier'),
  label: z.string().min(1).max(100),
  secret: z.boolean().optional(),
  pattern: z.string().max(500).refine(isFieldPattern, 'must be a valid regular expression').optional(),
  placeholder: z.string().max(200).optional(),
});

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'must be an HTTP header name');
const httpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);
const path = z.string().regex(/^\/[^\s]*$/, 'must start with /');

/** How API-key credentials are sent upstream (proxy, test request, workflows). */
export const apiKeyPlacement = z
  .strictObject({
    in: z.enum(['header', 'query']),
    /** The header's name (an HTTP token) or the query parameter's (URL-encoded, so any). */
    name: z.string().min(1).max(100),
    /** Prefix before the key in a header, such as "Bearer ". */
    prefix: z.string().max(50).optional(),
    /** Which credential field holds the key; default `apiKey`. */
    field: z.string().max(64).optional(),
  })
  .superRefine((placement, ctx) => {
    // An empty name is already refused above: one error per problem
    if (placement.in === 'header' && placement.name && !headerName.safeParse(placement.name).success) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'must be an HTTP header name' });
    }
  });

const oauth2Shape = {
  authorizationUrl: z.url(),
  tokenUrl: z.url(),
  revocationUrl: z.url().optional(),
  scopes: z.array(z.string().min(1).max(200)).max(100),
  clientId: z.string().min(1).max(500),
  authorizeParams: z.record(z.string(), z.string()).optional(),
  /** Separator used to join scopes in the authorize URL (Slack and GitHub use commas in places). */
  scopeSeparator: z.string().max(3).optional(),
  /** Expected `iss` of the authorization response (RFC 9207), checked when the provider sends one. */
  issuer: z.string().optional(),
  /** Client authentication at the token and revocation endpoints; default `client_secret_basic`. */
  clientAuth: z.enum(['client_secret_basic', 'client_secret_post']).optional(),
  /** Body format of token requests; default `form`. */
  tokenRequestFormat: z.enum(['form', 'json']).optional(),
  /** Header that carries the access token upstream; default `Authorization` with prefix `Bearer `. */
  tokenHeader: z.strictObject({ name: headerName, prefix: z.string().max(50).optional() }).optional(),
  accountField: jsonPointer
    .describe("Where the provider's account id sits in the token response (a JSON pointer, Slack: `/team/id`); recorded as each connection's `accountId`")
    .optional(),
};

/** A request made with new credentials to learn which provider account they belong to. */
const accountRequest = z
  .strictObject({
    method: httpMethod,
    path: path.describe('Relative to `apiBaseUrl`, like `test.path`'),
    field: jsonPointer.describe("Where the account id sits in the JSON answer, such as `/account/id`"),
  })
  .describe("Made with new credentials (after `test`) to record the provider account's id as the connection's `accountId`; a failure or a missing id refuses the credentials");

const webhookScheme = z.enum(['hmac-sha256-hex', 'standard-webhooks']);

/** What the webhook settings say besides the secret (the same in the body and in the answer). */
const webhookShape = {
  scheme: webhookScheme,
  header: headerName.describe('hmac-sha256-hex: the header holding the signature; default `X-Hitch-Signature`').optional(),
  idHeader: headerName
    .describe('hmac-sha256-hex: the header holding the delivery id (GitHub: `X-GitHub-Delivery`); a repeated id is answered once more without storing it again')
    .optional(),
  timestampHeader: headerName
    .describe(
      'hmac-sha256-hex: the header holding the Unix time in seconds (Slack: `X-Slack-Request-Timestamp`); then the HMAC is over `v0:{timestamp}:{raw body}` and a timestamp more than 5 minutes off is refused',
    )
    .optional(),
  accountField: jsonPointer
    .describe("Where the provider's account id sits in the payload (a JSON pointer such as `/team_id`); a webhook whose account is not one of the URL customer's connections is refused with 404")
    .optional(),
};

/** `idHeader` and `timestampHeader` belong to the hmac scheme: Standard Webhooks have their own headers. */
function requireHmacHeaders(webhook: { scheme?: string; idHeader?: string; timestampHeader?: string } | undefined, ctx: z.RefinementCtx) {
  if (webhook?.scheme !== 'standard-webhooks') return;
  const message = 'is for the hmac-sha256-hex scheme; Standard Webhooks use webhook-id, webhook-timestamp and webhook-signature';
  for (const name of ['idHeader', 'timestampHeader'] as const) {
    if (webhook[name] !== undefined) ctx.addIssue({ code: 'custom', path: ['webhook', name], message });
  }
}

/** Fixed headers sent with every upstream API call. */
export const apiHeaders = z.record(headerName, z.string().max(500).regex(/^\P{Cc}*$/u, 'must not contain control characters')).optional();

const integrationBodyShape = z.strictObject({
  key: integrationKey.optional(),
  name: z.string().min(1).max(100),
  description: z.string().max(500).optional(),
  logoUrl: z.url().optional(),
  enabled: z.boolean().default(true),
  authType,
  apiBaseUrl: z.url().optional(),
  apiHeaders,
  oauth2: z.strictObject({ ...oauth2Shape, clientSecret: z.string().min(1).max(2000) }).optional(),
  fields: z.array(integrationField).max(20).optional(),
  apiKey: apiKeyPlacement.optional(),
  test: z.strictObject({ method: httpMethod, path }).optional(),
  accountRequest: accountRequest.optional(),
  webhook: z.strictObject({ secret: z.string().min(8).max(500), ...webhookShape }).optional(),
});

/** Every `{field}` of `apiBaseUrl` must be pinned by its field's pattern, as the OAuth URLs' are (see pinnedPlaceholders.ts). */
function requirePinnedApiBase(body: { apiBaseUrl?: string; fields?: IntegrationField[] }, ctx: z.RefinementCtx) {
  for (const name of unpinnedPlaceholders(body.apiBaseUrl ?? '', body.fields ?? [])) {
    ctx.addIssue({ code: 'custom', path: ['apiBaseUrl'], message: unpinnedMessage(name) });
  }
}

export const unpinnedMessage = (name: string) => `{${name}} needs a field "${name}" whose pattern, anchored with ^ and $, pins it to the provider's hosts`;

export const integrationBody = integrationBodyShape
  .superRefine(requirePinnedApiBase)
  .superRefine((body, ctx) => requireHmacHeaders(body.webhook, ctx))
  .superRefine((body, ctx) => {
    if (body.accountRequest && !body.apiBaseUrl) ctx.addIssue({ code: 'custom', path: ['accountRequest'], message: 'needs an apiBaseUrl to send it to' });
  });

/** An integration as the API returns it: secrets are write-only. */
export const integration = z.object({
  key: integrationKey,
  name: z.string(),
  description: z.string().optional(),
  logoUrl: z.string().optional(),
  enabled: z.boolean(),
  builtIn: z.boolean(),
  authType,
  apiBaseUrl: z.string().optional(),
  apiHeaders,
  oauth2: z
    .object({ ...oauth2Shape, clientId: z.string().optional(), clientSecretSet: z.boolean() })
    .optional(),
  fields: z.array(integrationField).optional(),
  apiKey: apiKeyPlacement.optional(),
  test: z.object({ method: httpMethod, path }).optional(),
  accountRequest: accountRequest.optional(),
  webhook: z.object({ ...webhookShape, secretSet: z.boolean() }).optional(),
});

/** What the widget sees of an integration: enough to render and connect, nothing of its config. */
export const widgetIntegration = z.object({
  key: integrationKey,
  name: z.string(),
  description: z.string().optional(),
  logoUrl: z.string().optional(),
  authType,
  fields: z.array(integrationField).optional(),
});

export type IntegrationBody = z.infer<typeof integrationBody>;
export type Integration = z.infer<typeof integration>;
export type WidgetIntegration = z.infer<typeof widgetIntegration>;
export type IntegrationField = z.infer<typeof integrationField>;

/**
 * `PUT /v1/integrations/:key` for a built-in key: every field is optional and falls back to the
 * built-in template, so configuring GitHub takes only `{ oauth2: { clientId, clientSecret } }`.
 */
export const builtInIntegrationBody = integrationBodyShape
  .partial()
  .extend({ oauth2: integrationBodyShape.shape.oauth2.unwrap().partial().optional() })
  .superRefine((body, ctx) => requireHmacHeaders(body.webhook, ctx));
