/**
 * The workflow module API: what a file in `HITCH_WORKFLOWS_DIR` imports.
 *
 *   import { defineWorkflow } from '<hitch>/server/workflows.ts';
 *   export default defineWorkflow({ id, name, integration, triggers, run(ctx) { … } });
 */
export { defineWorkflow } from './activity/workflows/defineWorkflow.ts';
export type { WorkflowConnection, WorkflowContext, WorkflowDefinition, WorkflowTriggers } from './activity/workflows/defineWorkflow.ts';
