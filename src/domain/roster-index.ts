/**
 * Lookups built once per loaded config, never per lead: RMs by id, branch, queue and role, the
 * branch spatial index, products, and business calendars (built lazily, then kept). The config
 * is deep-frozen by the loader, so caching by its identity is safe; a reload is a new object
 * and gets a new index.
 */
import { branchCalendar, rmCalendar } from '../config/calendars';
import type { MappingsConfig } from '../config/mappings-config';
import type { Product } from '../config/schemas/catalogue';
import type { Branch, Queue, Rm } from '../config/schemas/roster';
import { INSURANCE_STATE } from '../config/vocabulary';
import { buildCalendar } from './calendar/build';
import type { BusinessCalendar } from './calendar/types';
import { buildBranchIndex } from './geo/branch-index';
import type { BranchIndex } from './geo/branch-index';

/** The parts of the config the index reads; tests and the benchmark can build just these. */
export type RosterSource = Pick<MappingsConfig, 'roster' | 'products'>;

export interface RosterIndex {
  readonly rms: readonly Rm[];
  readonly rmById: ReadonlyMap<string, Rm>;
  readonly rmsByBranch: ReadonlyMap<string, readonly Rm[]>;
  readonly rmsByRole: ReadonlyMap<string, readonly Rm[]>;
  readonly branchById: ReadonlyMap<string, Branch>;
  readonly queueById: ReadonlyMap<string, Queue>;
  readonly productById: ReadonlyMap<string, Product>;
  readonly branches: BranchIndex;
  /** The RM's own working time: their hours (else their home's), holidays and out-of-office. */
  rmCalendar(rm: Rm): BusinessCalendar | undefined;
  /** The calendar of the RM's home branch or queue (no personal hours, no leave). */
  homeCalendar(rm: Rm): BusinessCalendar | undefined;
  branchCalendar(branchId: string): BusinessCalendar | undefined;
  queueCalendar(queueId: string): BusinessCalendar | undefined;
  /** Builds every calendar now rather than on first use (at config load, so no decision pays for it). */
  warmCalendars(): void;
}

const cache = new WeakMap<object, RosterIndex>();

function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export function rosterIndex(config: RosterSource): RosterIndex {
  const hit = cache.get(config);
  if (hit) return hit;
  const { roster } = config;
  const branchById = new Map(roster.branches.map((b) => [b.id, b]));
  const queueById = new Map(roster.queues.map((q) => [q.id, q]));
  const calendars = new Map<string, BusinessCalendar | undefined>();
  const memo = (key: string, make: () => BusinessCalendar | undefined): BusinessCalendar | undefined => {
    if (!calendars.has(key)) calendars.set(key, make());
    return calendars.get(key);
  };
  const branchCal = (id: string): BusinessCalendar | undefined => {
    const b = branchById.get(id);
    return b ? memo(`branch:${id}`, () => buildCalendar(branchCalendar(roster, b))) : undefined;
  };
  const queueCal = (id: string): BusinessCalendar | undefined => {
    const q = queueById.get(id);
    return q ? memo(`queue:${id}`, () => buildCalendar(branchCalendar(roster, q))) : undefined;
  };
  const index: RosterIndex = {
    rms: roster.rms,
    rmById: new Map(roster.rms.map((m) => [m.id, m])),
    rmsByBranch: groupBy(roster.rms, (m) => m.branch),
    rmsByRole: groupBy(roster.rms, (m) => m.role),
    branchById,
    queueById,
    productById: new Map(config.products.products.map((p) => [p.id, p])),
    branches: buildBranchIndex(roster.branches.map((b) => ({ id: b.id, zip: b.address.zip }))),
    rmCalendar(rm) {
      // An RM without own hours or leave works exactly their home's hours: share that calendar.
      if (!rm.hours && rm.out_of_office.length === 0) return index.homeCalendar(rm);
      return memo(`rm:${rm.id}`, () => {
        const spec = rmCalendar(roster, rm);
        return spec ? buildCalendar(spec) : undefined;
      });
    },
    homeCalendar(rm) {
      if (rm.branch !== undefined) return branchCal(rm.branch);
      return rm.queue !== undefined ? queueCal(rm.queue) : undefined;
    },
    branchCalendar: branchCal,
    queueCalendar: queueCal,
    warmCalendars() {
      for (const rm of roster.rms) index.rmCalendar(rm);
      for (const q of roster.queues) queueCal(q.id);
    },
  };
  cache.set(config, index);
  return index;
}

/**
 * The licences that let someone take a lead for this product: any one will do. INSURANCE_STATE
 * becomes the insurance licence of the lead's state; with no state known it becomes nothing an
 * RM can hold, so nobody qualifies (fail closed).
 */
export function licencesFor(product: Product | undefined, leadState: string | null): string[] {
  if (!product) return [];
  return product.required_licenses.map((l) => (l === INSURANCE_STATE ? (leadState ? `INSURANCE_${leadState}` : 'INSURANCE_<unknown state>') : l));
}
