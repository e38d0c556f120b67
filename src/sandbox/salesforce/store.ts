/**
 * In-memory records, one map per object in creation order. Rows hold wire values under the
 * fields' canonical names and are replaced, never mutated, so a reader's copy stays stable.
 * Writes can be journaled and rolled back (collections with allOrNone). Lookups by External ID
 * go through lazily built indexes that skip deleted rows.
 */
export type SfRecord = Record<string, unknown>;

interface Change {
  type: string;
  id: string;
  prev: SfRecord | undefined;
}

export class RecordStore {
  private tables = new Map<string, Map<string, SfRecord>>();
  private typeOfId = new Map<string, string>();
  private indexes = new Map<string, Map<string, Map<string, Set<string>>>>();
  private journal: Change[] | null = null;

  table(type: string): Map<string, SfRecord> {
    let t = this.tables.get(type);
    if (!t) {
      t = new Map();
      this.tables.set(type, t);
    }
    return t;
  }

  get(type: string, id: string): SfRecord | undefined {
    return this.tables.get(type)?.get(id);
  }

  /** Any record by id, with its object name. */
  lookup(id: string): { type: string; row: SfRecord } | undefined {
    const type = this.typeOfId.get(id);
    const row = type ? this.get(type, id) : undefined;
    return type && row ? { type, row } : undefined;
  }

  rows(type: string, includeDeleted = false): SfRecord[] {
    const all = [...(this.tables.get(type)?.values() ?? [])];
    return includeDeleted ? all : all.filter((r) => r.IsDeleted !== true);
  }

  put(type: string, row: SfRecord): void {
    const id = String(row.Id);
    const table = this.table(type);
    const prev = table.get(id);
    this.journal?.push({ type, id, prev });
    this.write(type, id, prev, row);
  }

  private write(type: string, id: string, prev: SfRecord | undefined, next: SfRecord | undefined): void {
    const table = this.table(type);
    if (next) {
      table.set(id, next);
      this.typeOfId.set(id, type);
    } else {
      table.delete(id);
      this.typeOfId.delete(id);
    }
    for (const [key, index] of this.indexes.get(type) ?? []) {
      const [field, cs] = key.split('|') as [string, string];
      const keyOf = (r: SfRecord | undefined) => indexKey(r, field, cs === '1');
      const before = keyOf(prev);
      const after = keyOf(next);
      if (before === after) continue;
      if (before !== undefined) index.get(before)?.delete(id);
      if (after !== undefined) {
        if (!index.has(after)) index.set(after, new Set());
        index.get(after)!.add(id);
      }
    }
  }

  /** Live (not deleted) records whose `field` equals `value`; text compares without case unless caseSensitive. */
  findBy(type: string, field: string, value: unknown, caseSensitive = false): SfRecord[] {
    const key = `${field}|${caseSensitive ? '1' : '0'}`;
    let byType = this.indexes.get(type);
    if (!byType) {
      byType = new Map();
      this.indexes.set(type, byType);
    }
    let index = byType.get(key);
    if (!index) {
      index = new Map();
      for (const row of this.table(type).values()) {
        const k = indexKey(row, field, caseSensitive);
        if (k === undefined) continue;
        if (!index.has(k)) index.set(k, new Set());
        index.get(k)!.add(String(row.Id));
      }
      byType.set(key, index);
    }
    const k = normalizeKey(value, caseSensitive);
    if (k === undefined) return [];
    return [...(index.get(k) ?? [])].map((id) => this.get(type, id)!).filter(Boolean);
  }

  /** Runs `fn` with writes journaled; `fn` returns whether to keep them. */
  transaction<T>(fn: () => { commit: boolean; value: T }): T {
    if (this.journal) throw new Error('nested store transactions are not supported');
    this.journal = [];
    let keep = false;
    try {
      const { commit, value } = fn();
      keep = commit;
      return value;
    } finally {
      const changes = this.journal;
      this.journal = null;
      if (!keep) {
        for (let i = changes.length - 1; i >= 0; i--) {
          const c = changes[i]!;
          this.write(c.type, c.id, this.get(c.type, c.id), c.prev);
        }
      }
    }
  }
}

function normalizeKey(value: unknown, caseSensitive: boolean): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const s = String(value);
  return caseSensitive ? s : s.toLowerCase();
}

function indexKey(row: SfRecord | undefined, field: string, caseSensitive: boolean): string | undefined {
  if (!row || row.IsDeleted === true) return undefined;
  return normalizeKey(row[field], caseSensitive);
}
