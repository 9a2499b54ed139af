/** Time comes from here, so expiry and day windows are testable without sleeping. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: number | string = Date.now()) {
    this.#now = typeof start === 'string' ? Date.parse(start) : start;
  }
  now(): number {
    return this.#now;
  }
  advance(ms: number): void {
    this.#now += ms;
  }
  set(time: number | string): void {
    this.#now = typeof time === 'string' ? Date.parse(time) : time;
  }
}

export const isoAt = (ms: number) => new Date(ms).toISOString();
