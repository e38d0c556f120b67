/**
 * Checks that read two or more files: names one file uses must exist in another. Each declares
 * the files it needs and runs only when all of them parsed cleanly, so one broken file does not
 * bury its neighbours under follow-on errors.
 */
import type { CheckContext } from './checks/context';
import { checkKnown } from './checks/context';
import { GOVERNANCE_CROSS_CHECKS } from './checks/governance-cross-checks';
import { conditionValues } from './checks/routing-checks';
import type { PathSegment } from './config-error';
import type { FileKey, MappingsConfig } from './mappings-config';
import type { Rm } from './schemas/roster';
import type { Pool } from './schemas/routing';
import { LEAD_KINDS } from './vocabulary';

export interface CrossCheck {
  name: string;
  needs: FileKey[];
  run(config: MappingsConfig, at: (file: FileKey) => CheckContext): void;
}

const segmentIds = (c: MappingsConfig): string[] => c.segments.segments.map((s) => s.id);
const SEGMENTS = 'one of the segments in segments.yaml';

export const CROSS_CHECKS: CrossCheck[] = [
  {
    name: 'products sell to known segments',
    needs: ['products', 'segments'],
    run(c, at) {
      const known = segmentIds(c);
      c.products.products.forEach((p, i) =>
        p.segments.forEach((s, k) => checkKnown(at('products'), { path: ['products', i, 'segments', k], noun: 'segment', value: s, known, expected: SEGMENTS })),
      );
    },
  },
  {
    name: 'RMs serve known segments',
    needs: ['roster', 'segments'],
    run(c, at) {
      const known = segmentIds(c);
      c.roster.rms.forEach((rm, i) =>
        rm.segments.forEach((s, k) => checkKnown(at('roster'), { path: ['rms', i, 'segments', k], noun: 'segment', value: s, known, expected: SEGMENTS })),
      );
    },
  },
  {
    name: 'picklist values match the catalogues',
    needs: ['fields', 'products', 'segments'],
    run(c, at) {
      const catalogues: Record<string, { noun: string; known: string[]; expected: string }> = {
        product: { noun: 'product value', known: c.products.products.map((p) => p.hubspot_value), expected: 'a hubspot_value from products.yaml' },
        segment: { noun: 'segment value', known: c.segments.segments.map((s) => s.hubspot_value), expected: 'a hubspot_value from segments.yaml' },
        kind: { noun: 'lead kind', known: [...LEAD_KINDS], expected: `one of ${LEAD_KINDS.join(', ')}` },
      };
      c.fields.fields.forEach((f, i) => {
        const cat = catalogues[f.name];
        if (!cat || !f.values) return;
        for (const hs of Object.keys(f.values)) {
          checkKnown(at('fields'), { path: ['fields', i, 'values', hs], noun: cat.noun, value: hs, known: cat.known, expected: cat.expected, at: 'key' });
        }
      });
    },
  },
  {
    name: 'routing names known queues, branches, skills, segments, products and RMs',
    needs: ['routing', 'roster', 'products', 'segments'],
    run(c, at) {
      const ctx = at('routing');
      const roster = c.roster;
      const queues = roster.queues.map((q) => q.id);
      const QUEUES = 'one of the queues in roster.yaml';
      checkKnown(ctx, { path: ['fallback_queue'], noun: 'queue', value: c.routing.fallback_queue, known: queues, expected: QUEUES });
      const lists: { key: 'branch' | 'skill' | 'segment'; known: string[]; expected: string }[] = [
        { key: 'branch', known: roster.branches.map((b) => b.id), expected: 'one of the branches in roster.yaml' },
        { key: 'skill', known: roster.skills, expected: 'one of the skills in roster.yaml' },
        { key: 'segment', known: segmentIds(c), expected: SEGMENTS },
      ];
      const values: Record<string, { noun: string; known: string[]; expected: string }> = {
        product: { noun: 'product', known: c.products.products.map((p) => p.id), expected: 'one of the products in products.yaml' },
        product_family: { noun: 'product family', known: c.products.families.map((f) => f.id), expected: 'one of the families in products.yaml' },
        segment: { noun: 'segment', known: segmentIds(c), expected: SEGMENTS },
      };
      const rmIds = roster.rms.map((m) => m.id);
      c.routing.rules.forEach((rule, i) => {
        const pool: PathSegment[] = ['rules', i, 'pool'];
        if (rule.pool.queue !== undefined) checkKnown(ctx, { path: [...pool, 'queue'], noun: 'queue', value: rule.pool.queue, known: queues, expected: QUEUES });
        for (const l of lists) {
          (rule.pool[l.key] ?? []).forEach((v, k) => checkKnown(ctx, { path: [...pool, l.key, k], noun: l.key, value: v, known: l.known, expected: l.expected }));
        }
        for (const [field, spec] of Object.entries(values)) {
          const cond = rule.when[field as keyof typeof rule.when];
          if (!cond) continue;
          for (const v of conditionValues(cond, ['rules', i, 'when', field])) {
            if (typeof v.value === 'string') checkKnown(ctx, { path: v.path, noun: spec.noun, value: v.value, known: spec.known, expected: spec.expected });
          }
        }
        for (const rm of Object.keys(rule.weights ?? {})) {
          checkKnown(ctx, { path: ['rules', i, 'weights', rm], noun: 'RM', value: rm, known: rmIds, expected: 'an RM id from roster.yaml', at: 'key' });
        }
      });
    },
  },
  {
    name: 'every RM pool can match someone',
    needs: ['routing', 'roster', 'segments'],
    run(c, at) {
      const active = c.roster.rms.filter((m) => m.active);
      const known = { branch: c.roster.branches.map((b) => b.id), skill: c.roster.skills, segment: segmentIds(c) };
      c.routing.rules.forEach((rule, i) => {
        if (rule.pool.queue !== undefined || rule.pool.existing_owner) return;
        // A pool naming an unknown branch, skill or segment is reported as such; "empty" would only repeat it.
        if ((['branch', 'skill', 'segment'] as const).some((k) => (rule.pool[k] ?? []).some((v) => !known[k].includes(v)))) return;
        if (active.some((m) => inStaticPool(m, rule.pool))) return;
        at('routing').report({
          path: ['rules', i, 'pool'],
          code: 'empty_pool',
          message: `no active RM in roster.yaml matches this pool (${describePool(rule.pool)}), so the rule can never place a lead`,
        });
      });
    },
  },
  ...GOVERNANCE_CROSS_CHECKS,
];

/** The filters that do not depend on the lead: branch, role, licence, skill, language, segment. */
function inStaticPool(rm: Rm, pool: Pool): boolean {
  const any = (want: readonly string[] | undefined, have: readonly string[]): boolean => !want || want.some((w) => have.includes(w));
  const licences = pool.license?.map((l) => (l === 'INSURANCE_STATE' ? rm.licenses.find((h) => h.startsWith('INSURANCE_')) ?? l : l));
  return (
    any(pool.branch, rm.branch ? [rm.branch] : []) &&
    any(pool.role, [rm.role]) &&
    any(licences, rm.licenses) &&
    any(pool.skill, rm.skills) &&
    any(pool.language, rm.languages) &&
    any(pool.segment, rm.segments) &&
    (!pool.licensed_for_product || rm.licenses.length > 0)
  );
}

function describePool(pool: Pool): string {
  return (['branch', 'role', 'license', 'skill', 'language', 'segment'] as const)
    .filter((k) => pool[k])
    .map((k) => `${k} ${(pool[k] ?? []).join('/')}`)
    .join(', ');
}
