import { z } from 'zod';
import { integrationKey } from './integrations.ts';

export const widgetScopes = ['connections:read', 'connections:write', 'activity:read', 'workflows:run'] as const;
export const widgetScope = z.enum(widgetScopes);
export type WidgetScope = z.infer<typeof widgetScope>;
export const defaultWidgetScopes: WidgetScope[] = ['connections:read', 'connections:write', 'activity:read'];

/** A browser origin: scheme, host and optional port, nothing else. */
export const origin = z
  .string()
  .regex(/^https?:\/\/[^/\s?#]+$/, 'must be an origin such as https://app.example.com')
  .refine((value) => URL.canParse(value) && new URL(value).origin === value.toLowerCase(), 'must be an origin such as https://app.example.com');

/** The longest a widget token may live. */
export const maxTokenTtlSeconds = 86_400;

export const issueTokenBody = z.strictObject({
  ttlSeconds: z.number().int().min(60).max(maxTokenTtlSeconds).default(900),
  userId: z.string().min(1).max(200).optional(),
  integrations: z.array(integrationKey).max(200).optional(),
  origins: z.array(origin).max(50).optional(),
  scopes: z.array(widgetScope).min(1).optional(),
});

export const issuedToken = z.object({
  token: z.string(),
  tokenId: z.string(),
  expiresAt: z.iso.datetime(),
});

export const signingKeyRotated = z.object({ kid: z.string() });
