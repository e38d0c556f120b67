/**
 * Salesforce call counts split by who called: the integration user (the daemon), the simulated
 * RMs, or anyone else. The emulator's own counts mix them; a benchmark of the daemon's API use
 * needs the daemon's alone.
 */
import type { Actor } from './faults/rules';
import type { CallCounts, SalesforceEmulator } from './salesforce';
import { CallCounter } from './salesforce/usage';

export type CountsByActor = Record<Actor, CallCounts>;

export class ActorCounts {
  private readonly counters: Record<Actor, CallCounter> = { integration: new CallCounter(), rm: new CallCounter(), other: new CallCounter() };

  constructor(private readonly actorOf: (userId: string | undefined) => Actor) {}

  /** Counts every answered call the emulator authenticated; returns the hook's remover. */
  install(salesforce: SalesforceEmulator): () => void {
    return salesforce.use(({ route, userId, res }) => {
      const counter = this.counters[this.actorOf(userId)];
      res.once('finish', () => counter.record(route, res.statusCode));
      return false;
    });
  }

  snapshot(): CountsByActor {
    return { integration: this.counters.integration.snapshot(), rm: this.counters.rm.snapshot(), other: this.counters.other.snapshot() };
  }

  reset(): void {
    for (const c of Object.values(this.counters)) c.reset();
  }
}
