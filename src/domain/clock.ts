/**
 * The one source of time. Everything that needs "now" takes a Clock, so tests pin time and the
 * sandbox can run a working day in minutes.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * When something happened, as the system it came from says: its own time, unless missing,
 * unreadable or ahead of `now` (clock skew), then `now`. Deadlines and speeds are judged by it,
 * not by when Handoff read it.
 */
export function happenedAt(at: Date | null | undefined, now: Date): Date {
  return at && !Number.isNaN(at.getTime()) && at.getTime() <= now.getTime() ? at : now;
}

/** A clock that only moves when told to. For tests. */
export class ManualClock implements Clock {
  private ms: number;
  constructor(start: Date | string | number) {
    this.ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  set(at: Date | string | number): void {
    this.ms = new Date(at).getTime();
  }
  advance(ms: number): Date {
    this.ms += ms;
    return this.now();
  }
}

/**
 * Runs `speed` times faster than real time from `start`. The sandbox and the demo use it; it can
 * also jump forward, which never makes time go backwards for its readers.
 */
export class ScaledClock implements Clock {
  private originReal: number;
  private originVirtual: number;
  constructor(
    start: Date | string | number,
    private speed = 1,
    private realNow: () => number = Date.now,
  ) {
    this.originReal = this.realNow();
    this.originVirtual = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.originVirtual + (this.realNow() - this.originReal) * this.speed);
  }
  advance(ms: number): Date {
    this.originVirtual += ms;
    return this.now();
  }
  setSpeed(speed: number): void {
    this.originVirtual = this.now().getTime();
    this.originReal = this.realNow();
    this.speed = speed;
  }
  getSpeed(): number {
    return this.speed;
  }
}
