import type { AppDeps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { readAccountId } from '../../integrations/jsonPointer.ts';
import type { ResolvedIntegration } from '../../integrations/resolve.ts';

/**
 * When the integration names where the provider's account id sits in a webhook
 * (`webhook.accountField`), the webhook must come from an account one of the URL customer's
 * connections to that integration belongs to: a body signed for another customer's account is
 * refused like an unknown customer (404). The log line names the account, never the body.
 */
export async function assertConnectedAccount(deps: AppDeps, customerId: string, integration: ResolvedIntegration, payload: unknown): Promise<void> {
  const field = integration.webhook?.accountField;
  if (!field) return;
  const accountId = readAccountId(payload, field);
  if (accountId !== undefined) {
    const connections = await deps.store.connections.list(customerId, { integration: integration.key });
    if (connections.some((connection) => connection.accountId === accountId)) return;
  }
  deps.logger.warn('incoming webhook refused: its account is not connected for this customer', {
    customerId,
    integration: integration.key,
    accountId: accountId ?? null,
  });
  throw notFound('The customer');
}
