import type { AnyRoute } from '../../http/route.ts';
import { deleteAdminKey, getAdminKeys, postAdminKeys } from './adminKeys.ts';
import { deleteCustomerConnection, getConnectionCredentials, getCustomerConnection, getCustomerConnections } from './connections.ts';
import { deleteCustomer } from './deleteCustomer.ts';
import { deleteToken } from './deleteToken.ts';
import { getEvents, postCustomerEvents } from './events.ts';
import { getAuditLog } from './getAuditLog.ts';
import { getCustomer } from './getCustomer.ts';
import { getCustomers } from './getCustomers.ts';
import { deleteIntegration, getIntegration, getIntegrations, putIntegration } from './integrations.ts';
import { patchCustomer } from './patchCustomer.ts';
import { postCustomers } from './postCustomers.ts';
import { postCustomerTokens } from './postCustomerTokens.ts';
import { postSigningKeysRotate } from './postSigningKeysRotate.ts';

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
  postCustomerEvents,
  getEvents,
  getAuditLog,
  postAdminKeys,
  getAdminKeys,
  deleteAdminKey,
];
