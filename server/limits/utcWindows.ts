/** Time windows of the limits: UTC days for quotas, clock-aligned windows for rates. */
export const minuteMs = 60_000;
export const dayMs = 86_400_000;

/** `YYYY-MM-DD` of the UTC day containing `ms`. */
export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The start of the next UTC day, when daily quotas reset. */
export const nextUtcMidnight = (ms: number) => (Math.floor(ms / dayMs) + 1) * dayMs;

/** Whole seconds from `now` to `until`, at least 1: the value of `Retry-After`. */
export const secondsUntil = (until: number, now: number) => Math.max(1, Math.ceil((until - now) / 1000));
