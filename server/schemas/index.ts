/**
 * The public types of the contract, for `import type` by the widget and console.
 * The zod schemas they come from validate requests and generate the OpenAPI document.
 */
export type { Customer } from './customers.ts';
export type { Connection, ConnectionStatus, Credentials } from './connections.ts';
export type { Event, EventType, EventDirection } from './events.ts';
export type { Integration, WidgetIntegration, IntegrationField } from './integrations.ts';
export type { WidgetSession } from './session.ts';
export type { WidgetScope } from './tokens.ts';
export type { Workflow } from './workflows.ts';
export type { Execution, ExecutionStatus, ExecutionLogLine, TriggeredBy } from './executions.ts';
export type { WebhookEndpoint, WebhookDelivery } from './webhooks.ts';
export type { Page } from './common.ts';
