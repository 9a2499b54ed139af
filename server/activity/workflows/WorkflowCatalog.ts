import type { Event } from '../../schemas/events.ts';
import type { Workflow } from '../../schemas/workflows.ts';
import type { LoadedWorkflow } from './defineWorkflow.ts';

/** The workflows loaded at start, by id; read-only while the server runs. */
export class WorkflowCatalog {
  #byId: Map<string, LoadedWorkflow>;

  constructor(workflows: LoadedWorkflow[]) {
    this.#byId = new Map(workflows.map((workflow) => [workflow.id, workflow]));
  }

  list(): LoadedWorkflow[] {
    return [...this.#byId.values()];
  }

  get(id: string): LoadedWorkflow | undefined {
    return this.#byId.get(id);
  }

  /**
   * Workflows an incoming event starts: those listing its name, and — for an event that came
   * from an integration (a webhook) — only those of that integration.
   */
  triggeredBy(event: Event): LoadedWorkflow[] {
    return this.list().filter(
      (workflow) => workflow.triggers.events?.includes(event.name) && (!event.integration || event.integration === workflow.integration),
    );
  }

  scheduled(): LoadedWorkflow[] {
    return this.list().filter((workflow) => workflow.triggers.schedule !== undefined);
  }
}

/** A workflow as the API lists it: everything but its code. */
export function toWorkflowView({ id, name, description, integration, triggers, timeoutMs }: LoadedWorkflow): Workflow {
  return { id, name, ...(description ? { description } : {}), integration, triggers, timeoutMs };
}
