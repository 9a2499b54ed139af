import type { Clock } from '../clock.ts';
import { newId } from '../ids.ts';
import type { Event } from '../schemas/events.ts';
import type { Store } from '../store/Store.ts';

export type NewEvent = Omit<Event, 'id' | 'createdAt' | 'payload'> & { payload?: unknown };
export type EventListener = (event: Event) => void | Promise<void>;

/**
 * Records events (stored first, then announced) so that webhooks and workflows can react to
 * them without the routes that create events knowing about either.
 */
export class EventLog {
  #store: Store;
  #clock: Clock;
  #listeners: EventListener[] = [];

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  async record(input: NewEvent): Promise<Event> {
    const event: Event = {
      id: newId('evt'),
      ...input,
      payload: input.payload ?? {},
      createdAt: new Date(this.#clock.now()).toISOString(),
    };
    await this.#store.events.append(event);
    // Listeners queue what reacts (webhook deliveries, workflow runs) before the caller is answered
    await Promise.all(this.#listeners.map((listener) => listener(event)));
    return event;
  }

  /** `listener` runs after each event is stored; `record` waits for it. It must not throw. */
  subscribe(listener: EventListener): void {
    this.#listeners.push(listener);
  }
}
