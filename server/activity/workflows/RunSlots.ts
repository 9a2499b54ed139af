/** At most `perCustomer` runs of one customer at a time; the others wait their turn in order. */
export class RunSlots {
  #perCustomer: number;
  #running = new Map<string, number>();
  #waiting = new Map<string, (() => void)[]>();

  constructor(perCustomer: number) {
    this.#perCustomer = perCustomer;
  }

  /** Takes a slot now if one is free. */
  tryTake(customerId: string): boolean {
    const running = this.#running.get(customerId) ?? 0;
    if (running >= this.#perCustomer) return false;
    this.#running.set(customerId, running + 1);
    return true;
  }

  /** Resolves once a slot is taken. */
  take(customerId: string): Promise<void> {
    if (this.tryTake(customerId)) return Promise.resolve();
    return new Promise((resolve) => {
      const queue = this.#waiting.get(customerId) ?? [];
      queue.push(resolve);
      this.#waiting.set(customerId, queue);
    });
  }

  /** Frees a slot: the next waiting run of that customer gets it. */
  release(customerId: string): void {
    const next = this.#waiting.get(customerId)?.shift();
    if (next) return next(); // the slot passes straight on
    if (this.#waiting.get(customerId)?.length === 0) this.#waiting.delete(customerId);
    const running = (this.#running.get(customerId) ?? 1) - 1;
    if (running > 0) this.#running.set(customerId, running);
    else this.#running.delete(customerId);
  }
}
