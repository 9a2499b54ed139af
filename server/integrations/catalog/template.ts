/**
 * A built-in integration template: everything Hitch knows about a provider before an admin
 * configures it. The admin adds the OAuth client (id and secret) and enables it; the template
 * itself never holds a secret.
 *
 * Placeholders: `{name}` in `authorizationUrl`, `tokenUrl`, `revocationUrl`, `apiBaseUrl` or
 * `test.path` stands for the connection's value of the field named `name` (a field of `fields`,
 * or `username` for basic auth). Providers with one host per customer use them, e.g. Shopify's
 * `https://{shop}/admin/oauth/authorize` with a `shop` field whose `pattern` pins the value to
 * `*.myshopify.com`, so a placeholder can never point a request at an arbitrary host.
 */
import type { IntegrationField } from '../../schemas/integrations.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface OAuth2Template {
  authorizationUrl: string;
  tokenUrl: string;
  /** RFC 7009 endpoint (form POST of `token`); omitted when the provider has none. */
  revocationUrl?: string;
  /** Default scopes requested; an admin may change them. */
  scopes: string[];
  /** Extra query parameters for the authorize URL (e.g. Google's `access_type=offline`). */
  authorizeParams?: Record<string, string>;
  /** How scopes are joined in the authorize URL; default a space. */
  scopeSeparator?: string;
  /** Expected RFC 9207 `iss` of the authorization response, when the provider sends one. */
  issuer?: string;
  /**
   * How the client authenticates at the token and revocation endpoints; default
   * `client_secret_basic`, the method RFC 6749 §2.3.1 requires every server to support.
   */
  clientAuth?: 'client_secret_basic' | 'client_secret_post';
  /** Body of token requests; default `form` (RFC 6749). Notion documents JSON. */
  tokenRequestFormat?: 'form' | 'json';
  /** Where API calls carry the access token; default `Authorization: Bearer <token>`. */
  tokenHeader?: { name: string; prefix?: string };
  /** JSON pointer to the provider's account id in the token response, recorded on each connection. */
  accountField?: string;
}

export interface ApiKeyTemplate {
  in: 'header' | 'query';
  name: string;
  /** Put before the key in a header, such as "Bearer ". */
  prefix?: string;
  /** Credential field that holds the key; default `apiKey`. */
  field?: string;
}

export interface IntegrationTemplate {
  key: string;
  name: string;
  description: string;
  logoUrl?: string;
  authType: 'oauth2' | 'apiKey' | 'basic';
  apiBaseUrl?: string;
  /** Fixed headers on every API call (proxy, test request, workflows), such as `Notion-Version`. */
  apiHeaders?: Record<string, string>;
  oauth2?: OAuth2Template;
  fields?: IntegrationField[];
  apiKey?: ApiKeyTemplate;
  /** A cheap request that proves new credentials work (relative to `apiBaseUrl`). */
  test?: { method: HttpMethod; path: string };
  /** The provider's own documentation for this auth method. */
  docsUrl: string;
}
