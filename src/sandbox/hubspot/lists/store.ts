/**
 * Lists v3 (ILS) for contacts: create, look up by id or name, and manual membership changes with
 * HubSpot's response keys, typo included (`recordsIdsAdded`, API-FACTS A5).
 */
import type { Clock } from '../../../domain/clock';
import { notFound, validationError } from '../wire';

export interface ListRecord {
  listId: string;
  name: string;
  objectTypeId: string;
  processingType: string;
  createdAt: string;
  updatedAt: string;
  listVersion: number;
  /** record id -> membership timestamp (ISO) */
  members: Map<string, string>;
}

export interface MembershipsUpdate {
  recordIdsRemoved: string[];
  recordsIdsAdded: string[];
  recordIdsMissing: string[];
}

const PROCESSING_TYPES = ['MANUAL', 'SNAPSHOT', 'DYNAMIC'];

export class ListStore {
  private readonly lists = new Map<string, ListRecord>();
  private nextId = 1;

  constructor(
    private readonly clock: Clock,
    /** Whether a record id names a live record of the list's object type. */
    private readonly exists: (objectTypeId: string, recordId: string) => boolean,
  ) {}

  all(): ListRecord[] {
    return [...this.lists.values()];
  }

  create(input: Record<string, unknown>): ListRecord {
    const name = input['name'];
    const objectTypeId = input['objectTypeId'];
    const processingType = input['processingType'];
    if (typeof name !== 'string' || name.trim() === '') throw validationError('name is required.');
    if (typeof objectTypeId !== 'string' || objectTypeId === '') throw validationError('objectTypeId is required.');
    if (typeof processingType !== 'string' || !PROCESSING_TYPES.includes(processingType)) {
      throw validationError(`processingType must be one of ${PROCESSING_TYPES.join(', ')}.`);
    }
    if (this.byName(name, objectTypeId)) {
      throw validationError(`A list named '${name}' already exists.`, { subCategory: 'ILS.DUPLICATE_LIST_NAMES' });
    }
    const at = this.clock.now().toISOString();
    const list: ListRecord = {
      listId: String(this.nextId++),
      name,
      objectTypeId,
      processingType,
      createdAt: at,
      updatedAt: at,
      listVersion: 1,
      members: new Map(),
    };
    this.lists.set(list.listId, list);
    return list;
  }

  get(listId: string): ListRecord {
    const list = this.lists.get(listId);
    if (!list) throw notFound(`List ${listId} does not exist.`);
    return list;
  }

  byName(name: string, objectTypeId: string): ListRecord | undefined {
    const lower = name.toLowerCase();
    return this.all().find((l) => l.name.toLowerCase() === lower && l.objectTypeId === objectTypeId);
  }

  /** Adds and removes in one step; unknown ids come back in `recordIdsMissing`. */
  change(listId: string, add: unknown, remove: unknown): MembershipsUpdate {
    const list = this.get(listId);
    if (list.processingType === 'DYNAMIC') {
      throw validationError(`List ${listId} is DYNAMIC; memberships can only be changed on MANUAL or SNAPSHOT lists.`);
    }
    const ids = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x)) : []);
    const out: MembershipsUpdate = { recordIdsRemoved: [], recordsIdsAdded: [], recordIdsMissing: [] };
    const at = this.clock.now().toISOString();
    for (const id of ids(add)) {
      if (!this.exists(list.objectTypeId, id)) {
        if (!out.recordIdsMissing.includes(id)) out.recordIdsMissing.push(id);
      } else if (!list.members.has(id)) {
        list.members.set(id, at);
        out.recordsIdsAdded.push(id);
      }
    }
    for (const id of ids(remove)) {
      if (list.members.delete(id)) out.recordIdsRemoved.push(id);
      else if (!this.exists(list.objectTypeId, id) && !out.recordIdsMissing.includes(id)) out.recordIdsMissing.push(id);
    }
    if (out.recordsIdsAdded.length || out.recordIdsRemoved.length) list.updatedAt = at;
    return out;
  }

  /** Members by ascending record id, paged by an offset cursor. */
  page(listId: string, after: string | undefined, limit: number): { results: { recordId: string; membershipTimestamp: string }[]; next?: string; total: number } {
    const list = this.get(listId);
    const start = after ? Number(after) : 0;
    if (!Number.isInteger(start) || start < 0) throw validationError(`Invalid after cursor: ${String(after)}`);
    const members = [...list.members.entries()].sort((a, b) => Number(a[0]) - Number(b[0]));
    const results = members.slice(start, start + limit).map(([recordId, membershipTimestamp]) => ({ recordId, membershipTimestamp }));
    return { results, total: members.length, ...(start + limit < members.length ? { next: String(start + limit) } : {}) };
  }

  toPublic(list: ListRecord): Record<string, unknown> {
    return {
      listId: list.listId,
      listVersion: list.listVersion,
      createdAt: list.createdAt,
      updatedAt: list.updatedAt,
      name: list.name,
      objectTypeId: list.objectTypeId,
      processingType: list.processingType,
      processingStatus: 'COMPLETE',
      size: list.members.size,
    };
  }
}
