import type { AnyRoute } from '../../http/route.ts';
import { deleteWidgetConnection, patchWidgetConnection, postWidgetConnections } from './connections.ts';
import { getWidgetEvents } from './getWidgetEvents.ts';
import { getWidgetSession } from './getWidgetSession.ts';
import { getWidgetOAuthAttempt } from './oauthAttempts.ts';
import { postWidgetOAuthStart } from './oauthStart.ts';
import { postWidgetWorkflowRuns } from './postWidgetWorkflowRuns.ts';

export const widgetRoutes: AnyRoute[] = [
  getWidgetSession,
  postWidgetConnections,
  patchWidgetConnection,
  deleteWidgetConnection,
  getWidgetEvents,
  postWidgetOAuthStart,
  getWidgetOAuthAttempt,
  postWidgetWorkflowRuns,
];
