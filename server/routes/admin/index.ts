import type { AnyRoute } from '../../http/route.ts';
import { deleteAdminKey, getAdminKeys, postAdminKeys } from './adminKeys.ts';
import { deleteCustomerConnection, getConnectionCredentials, getCustomerConnection, getCustomerConnections } from './connections.ts';
import { deleteCustomer } from './deleteCustomer.ts';
import { deleteToken } from './deleteToken.ts';
import { getEvents, postCustomerEvents } from './events.ts';
import { getAuditLog } from './getAuditLog.ts';
import { getCustomerLimits, putCustomerLimits } from './limitsCustomer.ts';
import { getLimits, putLimits } from './limitsPlan.ts';
import { getCustomer } from './getCustomer.ts';
import { getCustomers } from './getCustomers.ts';
import { deleteIntegration, getIntegration, getIntegrations, putIntegration } from './integrations.ts';
import { patchCustomer } from './patchCustomer.ts';
import { postCustomers } from './postCustomers.ts';
import { postCustomerTokens } from './postCustomerTokens.ts';
import { proxyConnection } from './proxyConnection.ts';
import { postSigningKeysRotate } from './postSigningKeysRotate.ts';
import { getExecution, getExecutions } from './executions.ts';
import { getWebhookDeliveries, postWebhookDeliveryRetry } from './webhookDeliveries.ts';
import { deleteWebhookEndpoint, getWebhookEndpoints, postWebhookEndpoints } from './webhookEndpoints.ts';
import { getWorkflows, postCustomerWorkflowRuns } from './workflows.ts';

export const adminRoutes: AnyRoute[] = [
  postCustomers,
  getCustomers,
  getCustomer,
  patchCustomer,
  deleteCustomer,
  postCustomerTokens,
  deleteToken,
  postSigningKeysRotate,
  getIntegrations,
  getIntegration,
  putIntegration,
  deleteIntegration,
  getCustomerConnections,
  getCustomerConnection,
  getConnectionCredentials,
  deleteCustomerConnection,
  proxyConnection,
  postCustomerEvents,
  getEvents,
  getWorkflows,
  postCustomerWorkflowRuns,
  getExecutions,
  getExecution,
  postWebhookEndpoints,
  getWebhookEndpoints,
  deleteWebhookEndpoint,
  getWebhookDeliveries,
  postWebhookDeliveryRetry,
  getAuditLog,
  getLimits,
  putLimits,
  getCustomerLimits,
  putCustomerLimits,
  postAdminKeys,
  getAdminKeys,
  deleteAdminKey,
];
