/**
 * Contacts in memory: records, the email index, property history, and the lagging search index.
 * Writes here are already validated; this layer stamps times from the injected clock, records
 * history, keeps `lastmodifieddate` honest (it moves only when a value really changed) and reports
 * each change as a ContactEvent, which the webhook dispatcher turns into deliveries.
 */
import type { Clock } from '../../../domain/clock';
import type { ContactEvent, ContactRecord, IndexedContact, WriteSource } from './types';

const SYSTEM = ['hs_object_id', 'createdate', 'lastmodifieddate', 'hs_lastmodifieddate'];

export class ContactStore {
  private readonly records = new Map<string, ContactRecord>();
  private readonly byEmail = new Map<string, string>();
  /** Per contact, the versions the search index may still serve, oldest first. */
  private readonly versions = new Map<string, { at: number; doc: IndexedContact }[]>();
  private nextId = 100_001;

  constructor(
    private readonly clock: Clock,
    private readonly searchLagMs: number,
    private readonly onEvent: (e: ContactEvent) => void,
  ) {}

  get size(): number {
    let n = 0;
    for (const r of this.records.values()) if (!r.archived) n++;
    return n;
  }

  /** A live (not archived) contact by record id. */
  get(id: string): ContactRecord | undefined {
    const r = this.records.get(id);
    return r && !r.archived ? r : undefined;
  }

  /** A contact by record id whether archived or not. */
  getAny(id: string): ContactRecord | undefined {
    return this.records.get(id);
  }

  getArchived(id: string): ContactRecord | undefined {
    const r = this.records.get(id);
    return r?.archived ? r : undefined;
  }

  findByEmail(email: string): ContactRecord | undefined {
    const id = this.byEmail.get(email.trim().toLowerCase());
    return id === undefined ? undefined : this.get(id);
  }

  /** Contacts by ascending id; live ones, or archived ones only. */
  list(opts: { archived?: boolean } = {}): ContactRecord[] {
    const want = opts.archived ?? false;
    return [...this.records.values()].filter((r) => r.archived === want).sort((a, b) => Number(a.id) - Number(b.id));
  }

  create(values: Record<string, string>, source: WriteSource): ContactRecord {
    const now = this.clock.now();
    const at = now.getTime();
    const iso = now.toISOString();
    const id = String(this.nextId++);
    const created = values['createdate'] || iso;
    const rec: ContactRecord = { id, properties: {}, history: {}, createdAt: created, updatedAt: iso, archived: false };
    const set = Object.entries(values).filter(([k, v]) => v !== '' && k !== 'createdate');
    for (const [k, v] of set) this.record(rec, k, v, iso, source);
    this.record(rec, 'hs_object_id', id, iso, source);
    this.record(rec, 'createdate', created, iso, source);
    this.record(rec, 'lastmodifieddate', iso, iso, source);
    this.record(rec, 'hs_lastmodifieddate', iso, iso, source);
    this.records.set(id, rec);
    this.indexEmail(rec, undefined);
    this.snapshot(rec, at);
    this.onEvent({ kind: 'creation', contactId: id, at, source });
    for (const [k, v] of set) this.onEvent({ kind: 'propertyChange', contactId: id, at, source, propertyName: k, propertyValue: v });
    return rec;
  }

  /** Applies the values that differ from the current ones; returns the names that changed. */
  update(rec: ContactRecord, values: Record<string, string>, source: WriteSource): string[] {
    const changed = Object.entries(values).filter(([k, v]) => !SYSTEM.includes(k) && (rec.properties[k] ?? '') !== v);
    if (changed.length === 0) return [];
    const now = this.clock.now();
    const at = now.getTime();
    const iso = now.toISOString();
    const oldEmail = rec.properties['email'];
    for (const [k, v] of changed) this.record(rec, k, v, iso, source);
    this.record(rec, 'lastmodifieddate', iso, iso, source);
    this.record(rec, 'hs_lastmodifieddate', iso, iso, source);
    rec.updatedAt = iso;
    this.indexEmail(rec, oldEmail);
    this.snapshot(rec, at);
    for (const [k, v] of changed) this.onEvent({ kind: 'propertyChange', contactId: rec.id, at, source, propertyName: k, propertyValue: v });
    return changed.map(([k]) => k);
  }

  archive(rec: ContactRecord, source: WriteSource): void {
    if (rec.archived) return;
    const now = this.clock.now();
    rec.archived = true;
    rec.archivedAt = now.toISOString();
    rec.updatedAt = rec.archivedAt;
    const email = rec.properties['email'];
    if (email && this.byEmail.get(email) === rec.id) this.byEmail.delete(email);
    this.snapshot(rec, now.getTime());
    this.onEvent({ kind: 'deletion', contactId: rec.id, at: now.getTime(), source });
  }

  /** What search sees now: each contact as it was `searchLagMs` ago; archived ones never. */
  indexed(): IndexedContact[] {
    const cutoff = this.clock.now().getTime() - this.searchLagMs;
    const out: IndexedContact[] = [];
    for (const list of this.versions.values()) {
      let visible: IndexedContact | undefined;
      for (const v of list) {
        if (v.at > cutoff) break;
        visible = v.doc;
      }
      if (visible && !visible.archived) out.push(visible);
    }
    return out;
  }

  private record(rec: ContactRecord, name: string, value: string, iso: string, source: WriteSource): void {
    rec.properties[name] = value;
    const entry = {
      value,
      timestamp: iso,
      sourceType: source.changeSource,
      ...(source.sourceId !== undefined ? { sourceId: source.sourceId } : {}),
      ...(source.userId !== undefined ? { updatedByUserId: source.userId } : {}),
    };
    (rec.history[name] ??= []).unshift(entry);
  }

  private indexEmail(rec: ContactRecord, oldEmail: string | undefined): void {
    const email = rec.properties['email'];
    if (oldEmail && oldEmail !== email && this.byEmail.get(oldEmail) === rec.id) this.byEmail.delete(oldEmail);
    if (email) this.byEmail.set(email, rec.id);
  }

  private snapshot(rec: ContactRecord, at: number): void {
    const doc: IndexedContact = {
      id: rec.id,
      properties: { ...rec.properties },
      createdAt: rec.createdAt,
      updatedAt: rec.updatedAt,
      archived: rec.archived,
    };
    const list = this.versions.get(rec.id) ?? [];
    list.push({ at, doc });
    // Keep only what a search can still see: the newest version old enough, and everything after it.
    const cutoff = at - this.searchLagMs;
    while (list.length > 1 && list[1]!.at <= cutoff) list.shift();
    this.versions.set(rec.id, list);
  }
}
