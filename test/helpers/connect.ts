import type { TestHitch } from './startTestHitch.ts';

/** Configures a custom API-key integration whose API is `apiBaseUrl` (a test upstream). */
export async function apiKeyIntegration(hitch: TestHitch, key: string, apiBaseUrl: string, extra: Record<string, unknown> = {}): Promise<void> {
  const response = await hitch.admin.put(`/v1/integrations/${key}`, { name: key, authType: 'apiKey', enabled: true, apiBaseUrl, ...extra });
  if (response.status >= 300) throw new Error(`integration ${key}: ${response.status} ${response.text}`);
}

/** Creates the customer (if new) and connects it to `integration` with `apiKey`; returns the connection id. */
export async function connectCustomer(hitch: TestHitch, customerId: string, integration: string, apiKey: string): Promise<string> {
  if ((await hitch.admin.get(`/v1/customers/${customerId}`)).status === 404) await hitch.createCustomer(customerId);
  const widget = await hitch.widgetFor(customerId);
  const response = await widget.post('/v1/widget/connections', { integration, credentials: { apiKey } });
  if (response.status !== 201) throw new Error(`connecting ${customerId}: ${response.status} ${response.text}`);
  return response.body.id;
}
