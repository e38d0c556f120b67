import type { Clock } from '../../domain/clock';
import { IdFactory, KEY_PREFIX } from './ids';
import type { SchemaRegistry } from './schema/registry';
import { RecordStore, type SfRecord } from './store';

/**
 * One emulated org: metadata, records, id generation and the clock. Everything the REST layer,
 * the DML rules and the admin methods share hangs off this object; nothing is global, so any
 * number of emulators can run in one process.
 */

export interface OrgChange {
  kind: 'create' | 'update' | 'delete';
  sobject: string;
  id: string;
  /** The user whose session made the change. */
  userId: string;
  at: Date;
  /** The record after the change (for deletes: with IsDeleted = true). */
  record: SfRecord;
}

export type ChangeListener = (change: OrgChange) => void;

export class Org {
  readonly store = new RecordStore();
  readonly ids: IdFactory;
  readonly orgId: string;
  /** Where an active lead assignment rule sends Leads, or null when no rule is active. */
  leadAssignmentOwnerId: string | null = null;
  private listeners = new Set<ChangeListener>();
  private pending: OrgChange[] | null = null;

  constructor(
    readonly clock: Clock,
    readonly schema: SchemaRegistry,
    readonly apiBase: string,
    orgId?: string,
  ) {
    this.ids = new IdFactory();
    this.orgId = orgId ?? this.ids.next(KEY_PREFIX.Organization);
  }

  now(): Date {
    return this.clock.now();
  }

  urlFor(type: string, id: string): string {
    return `${this.apiBase}/sobjects/${type}/${id}`;
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: OrgChange): void {
    if (this.pending) this.pending.push(change);
    else this.deliver([change]);
  }

  private deliver(changes: OrgChange[]): void {
    for (const c of changes) for (const l of [...this.listeners]) l(c);
  }

  /**
   * Runs writes as one unit: `fn` returns whether to commit. On rollback (or a throw) the store
   * is restored and the buffered change events are dropped, so listeners never see them.
   */
  transaction<T>(fn: () => { commit: boolean; value: T }): T {
    this.pending = [];
    let delivered: OrgChange[] = [];
    try {
      return this.store.transaction(() => {
        const out = fn();
        if (out.commit) delivered = this.pending ?? [];
        return out;
      });
    } finally {
      this.pending = null;
      this.deliver(delivered);
    }
  }
}
