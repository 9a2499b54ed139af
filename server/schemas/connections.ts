import { z } from 'zod';
import { pageQuery, timestamp } from './common.ts';
import { authType, integrationKey } from './integrations.ts';

export const connectionStatus = z.enum(['active', 'error', 'revoked']);
export const label = z.string().trim().min(1).max(100);

export const connection = z.object({
  id: z.string(),
  customerId: z.string(),
  integration: integrationKey,
  label: z.string(),
  status: connectionStatus,
  statusReason: z.string().optional(),
  authType,
  createdAt: timestamp,
  updatedAt: timestamp,
  lastRefreshedAt: timestamp.optional(),
  expiresAt: timestamp.optional(),
  accountId: z
    .string()
    .describe("The provider account the connection belongs to (Slack team, Stripe account…), when the integration names `oauth2.accountField` or `accountRequest`; incoming webhooks are matched against it")
    .optional(),
});

export const createConnectionBody = z.strictObject({
  integration: integrationKey,
  label: label.optional(),
  credentials: z.record(z.string().max(64), z.string().max(4000)),
});

export const updateConnectionBody = z.strictObject({ label });

export const listConnectionsQuery = pageQuery.extend({ integration: integrationKey.optional() });

export const credentials = z.object({
  type: authType,
  accessToken: z.string().optional(),
  expiresAt: timestamp.optional(),
  apiKey: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  fields: z.record(z.string(), z.string()).optional(),
});

export type Connection = z.infer<typeof connection>;
export type ConnectionStatus = z.infer<typeof connectionStatus>;
export type Credentials = z.infer<typeof credentials>;
