import type { AnyRoute } from '../../http/route.ts';
import { deleteWidgetConnection, patchWidgetConnection, postWidgetConnections } from './connections.ts';
import { getWidgetEvents } from './getWidgetEvents.ts';
import { getWidgetSession } from './getWidgetSession.ts';

export const widgetRoutes: AnyRoute[] = [
  getWidgetSession,
  postWidgetConnections,
  patchWidgetConnection,
  deleteWidgetConnection,
  getWidgetEvents,
];
