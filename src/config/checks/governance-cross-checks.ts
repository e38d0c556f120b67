/**
 * Cross-file checks for the governance files (readiness, scoring, sla, recycle) and for the
 * routing rules' licensing and territories. Routing's own filter code decides who is in a pool,
 * so `handoff validate` and the router cannot disagree.
 */
import type { ConsentFieldNames } from '../../domain/lead';
import { rosterIndex } from '../../domain/roster-index';
import { mayHoldLicenceFor, staticPoolMembers } from '../../domain/routing/static-pool';
import type { PathSegment } from '../config-error';
import type { CrossCheck } from '../cross-checks';
import type { MappingsConfig } from '../mappings-config';
import type { Product } from '../schemas/catalogue';
import { CONSENT_CHANNELS } from '../schemas/readiness';
import type { ReadinessGate } from '../schemas/readiness';
import type { Condition, RoutingRule } from '../schemas/routing';
import type { SignalSource } from '../schemas/scoring';
import { checkKnown } from './context';
import type { CheckContext } from './context';
import { checkFactConditions, checkFieldNames, factVocabulary } from './fact-checks';

/** The products a rule's `when` can match; all of them when it names no product or family. */
function productsOfRule(rule: RoutingRule, c: MappingsConfig): string[] | null {
  const inCond = (cond: Condition | undefined, value: string): boolean => {
    if (!cond) return true;
    if (cond.eq !== undefined && cond.eq !== value) return false;
    if (cond.ne !== undefined && cond.ne === value) return false;
    if (cond.in && !cond.in.includes(value)) return false;
    if (cond.not_in && cond.not_in.includes(value)) return false;
    if (cond.exists === false) return false;
    if (cond.matches !== undefined && !new RegExp(cond.matches).test(value)) return false;
    return true;
  };
  const p = rule.when.product;
  const f = rule.when.product_family;
  if (!p && !f) return null;
  return c.products.products.filter((x) => inCond(p, x.id) && inCond(f, x.family)).map((x) => x.id);
}

const andList = (items: readonly string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

function describe(required: readonly string[]): string {
  return required.map((l) => (l === 'INSURANCE_STATE' ? 'an insurance licence' : l)).join(' or ');
}

type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
type ConsentFlag = keyof ConsentFieldNames;

/** The consent_fields each channel's test reads (domain/readiness/gate-checks.ts `consent`). */
const CHANNEL_FLAGS: Record<ConsentChannel, readonly ConsentFlag[]> = {
  email: ['email_opt_out'],
  phone: ['do_not_call'],
  autodialed_calls: ['do_not_call', 'tcpa_consent', 'tcpa_consent_at'],
  texts: ['sms_opt_out', 'tcpa_consent', 'tcpa_consent_at'],
};

/**
 * An unmapped flag reads as "not opted out" (lead.ts consentFromFields), so a gate asking for a
 * channel whose flags are not in consent_fields would pass every lead, opt-outs included.
 */
function checkConsentChannels(ctx: CheckContext, gate: ReadinessGate, i: number, mapped: ConsentFieldNames): void {
  const c = gate.consent;
  if (!c) return;
  const asked: { channel: ConsentChannel; path: PathSegment[] }[] = [
    ...CONSENT_CHANNELS.filter((ch) => c[ch] === true).map((channel) => ({ channel, path: ['gates', i, 'consent', channel] as PathSegment[] })),
    ...(c.any_of ?? []).map((channel, k) => ({ channel, path: ['gates', i, 'consent', 'any_of', k] as PathSegment[] })),
  ];
  for (const { channel, path } of asked) {
    const missing = CHANNEL_FLAGS[channel].filter((f) => mapped[f] === undefined);
    if (missing.length === 0) continue;
    ctx.report({
      path,
      code: 'missing_mapping',
      message: `gate "${gate.name}" asks for ${CHANNEL_WORDS[channel]} consent, but consent_fields does not map ${andList(missing)}, so ${CHANNEL_RISK[channel]}; map ${missing.length === 1 ? 'it' : 'them'} in consent_fields to fields of fields.yaml`,
    });
  }
}

const CHANNEL_WORDS: Record<ConsentChannel, string> = { email: 'email', phone: 'phone', autodialed_calls: 'autodialed calls', texts: 'texts' };
const CHANNEL_RISK: Record<ConsentChannel, string> = {
  email: 'a lead who opted out of email would pass it',
  phone: 'a lead on do-not-call would pass it',
  autodialed_calls: 'it cannot tell a do-not-call lead, or the TCPA consent and when it was given',
  texts: 'it cannot tell a lead who opted out of texts, or the TCPA consent and when it was given',
};

export const GOVERNANCE_CROSS_CHECKS: CrossCheck[] = [
  {
    name: 'routing rules can place the products they match (licensing)',
    needs: ['routing', 'roster', 'products'],
    run(c, at) {
      const index = rosterIndex(c);
      const branches = new Set(c.roster.branches.map((b) => b.id));
      c.routing.rules.forEach((rule, i) => {
        const products = productsOfRule(rule, c);
        if (!products || rule.pool.queue !== undefined || rule.pool.existing_owner) return;
        // Unknown names are reported by the routing cross-check; an empty pool by "every RM pool can match someone".
        if ((rule.pool.branch ?? []).some((b) => !branches.has(b))) return;
        const members = staticPoolMembers(rule.pool, index, c.routing.regions);
        if (members.length === 0) return;
        const unplaceable = products
          .map((id) => index.productById.get(id))
          .filter((p): p is Product => p !== undefined && p.required_licenses.length > 0 && !members.some((m) => mayHoldLicenceFor(m, p)))
          .map((p) => `${p.id} leads (need ${describe(p.required_licenses)})`)
          .sort();
        if (unplaceable.length === 0) return;
        const shown = members.slice(0, 5).map((m) => m.id).join(', ') + (members.length > 5 ? ', …' : '');
        at('routing').report({
          path: ['rules', i],
          code: 'unlicensed_pool',
          message: `rule "${rule.name}" matches ${andList(unplaceable)}, but no active RM in its pool holds one (${members.length} RM${members.length === 1 ? '' : 's'}: ${shown}), so it can never place them`,
        });
      });
    },
  },
  {
    name: 'routing territories name known regions and match someone',
    needs: ['routing', 'roster'],
    run(c, at) {
      const ctx = at('routing');
      const regions = Object.keys(c.routing.regions);
      const index = rosterIndex(c);
      c.routing.rules.forEach((rule, i) => {
        const t = rule.pool.territory;
        if (!t) return;
        const path: PathSegment[] = ['rules', i, 'pool', 'territory'];
        const known = (t.regions ?? []).every((r, k) => checkKnown(ctx, { path: [...path, 'regions', k], noun: 'region', value: r, known: regions, expected: 'one of the regions in routing.yaml' }));
        if (!known) return;
        const withoutTerritory = staticPoolMembers({ ...rule.pool, territory: undefined }, index, c.routing.regions);
        if (withoutTerritory.length > 0 && staticPoolMembers(rule.pool, index, c.routing.regions).length === 0) {
          ctx.report({ path, code: 'empty_pool', message: 'no active RM of this pool has a home branch in this territory, so the rule can never place a lead' });
        }
      });
    },
  },
  {
    name: 'readiness names known fields, products and segments',
    needs: ['readiness', 'fields', 'products', 'segments'],
    run(c, at) {
      const ctx = at('readiness');
      const vocab = factVocabulary(c);
      const fields = c.fields.fields.map((f) => f.name);
      c.readiness.gates.forEach((g, i) => {
        checkFactConditions(ctx, g.when, ['gates', i, 'when'], vocab);
        checkFieldNames(ctx, g.required_fields, ['gates', i, 'required_fields'], fields);
        (g.suitability ?? []).forEach((r, k) => checkFactConditions(ctx, r.require, ['gates', i, 'suitability', k, 'require'], vocab));
        (g.prequal?.rule ?? []).forEach((r, k) => checkFactConditions(ctx, r.require, ['gates', i, 'prequal', 'rule', k, 'require'], vocab));
        checkFieldNames(ctx, g.prequal?.http?.send, ['gates', i, 'prequal', 'http', 'send'], fields);
      });
      const want: Record<string, { type: string; consent?: 'opt_out' | 'opt_in' }> = {
        email_opt_out: { type: 'checkbox', consent: 'opt_out' },
        do_not_call: { type: 'checkbox', consent: 'opt_out' },
        sms_opt_out: { type: 'checkbox', consent: 'opt_out' },
        tcpa_consent: { type: 'checkbox', consent: 'opt_in' },
        tcpa_consent_at: { type: 'datetime' },
      };
      c.readiness.gates.forEach((g, i) => checkConsentChannels(ctx, g, i, c.readiness.consent_fields));
      for (const [flag, name] of Object.entries(c.readiness.consent_fields)) {
        if (name === undefined) continue;
        const path = ['consent_fields', flag];
        if (!checkKnown(ctx, { path, noun: 'field', value: name, known: fields, expected: 'a field name from fields.yaml' })) continue;
        const f = c.fields.fields.find((x) => x.name === name);
        const w = want[flag];
        if (f && w && (f.type !== w.type || (w.consent && f.consent !== w.consent))) {
          ctx.report({ path, code: 'bad_value', message: `${name} is a ${f.type}${f.consent ? ` (consent: ${f.consent})` : ''} field; ${flag} needs a ${w.type} field${w.consent ? ` with consent: ${w.consent}` : ''}` });
        }
      }
    },
  },
  {
    name: 'scoring names known fields and products',
    needs: ['scoring', 'fields', 'products', 'segments'],
    run(c, at) {
      const ctx = at('scoring');
      const vocab = factVocabulary(c);
      const products = c.products.products.map((p) => p.id);
      c.scoring.fit.forEach((r, i) => checkFactConditions(ctx, r.when, ['fit', i, 'when'], vocab, { score: 'a fit rule cannot test score: it is part of the score' }));
      c.scoring.life_events.forEach((e, i) =>
        e.products.forEach((p, k) => checkKnown(ctx, { path: ['life_events', i, 'products', k], noun: 'product', value: p, known: products, expected: 'one of the products in products.yaml' })),
      );
      const fields = new Map(c.fields.fields.map((f) => [f.name, f]));
      const sources: { from: SignalSource | undefined; path: PathSegment[] }[] = [
        ...c.scoring.behavior.map((r, i) => ({ from: r.from, path: ['behavior', i, 'from'] })),
        ...c.scoring.intent.map((r, i) => ({ from: r.from, path: ['intent', i, 'from'] })),
        ...c.scoring.life_events.map((r, i) => ({ from: r.from, path: ['life_events', i, 'from'] })),
      ];
      for (const { from, path } of sources) {
        if (!from) continue;
        const typed = (key: 'field' | 'count_field', name: string, types: readonly string[], expected: string): void => {
          if (!checkKnown(ctx, { path: [...path, key], noun: 'field', value: name, known: fields.keys(), expected: `${expected} from fields.yaml` })) return;
          const f = fields.get(name);
          if (f && !types.includes(f.type)) ctx.report({ path: [...path, key], code: 'bad_value', message: `${name} is a ${f.type} field; ${key} needs ${expected}`, found: name });
        };
        typed('field', from.field, ['date', 'datetime'], 'a date or datetime field');
        if (from.count_field !== undefined) typed('count_field', from.count_field, ['number'], 'a number field');
        if (from.when) checkFactConditions(ctx, from.when, [...path, 'when'], vocab, { score: 'a signal cannot depend on the score it is part of' });
      }
    },
  },
  {
    name: 'sla names known products, segments, priorities, branches and queues',
    needs: ['sla', 'fields', 'products', 'segments', 'roster'],
    run(c, at) {
      const ctx = at('sla');
      const priorities = c.sla.priorities.map((p) => p.name);
      const vocab = factVocabulary(c, { priority: { type: 'string', known: priorities, noun: 'priority', expected: 'one of the priorities in sla.yaml' } });
      c.sla.priorities.forEach((p, i) => {
        if (p.when) checkFactConditions(ctx, p.when, ['priorities', i, 'when'], vocab, { priority: 'a priority cannot depend on priorities' });
      });
      c.sla.policies.forEach((p, i) => checkFactConditions(ctx, p.when, ['policies', i, 'when'], vocab));
      const branches = c.roster.branches.map((b) => b.id);
      const queues = c.roster.queues.map((q) => q.id);
      for (const b of Object.keys(c.sla.managers.branches)) {
        checkKnown(ctx, { path: ['managers', 'branches', b], noun: 'branch', value: b, known: branches, expected: 'one of the branches in roster.yaml', at: 'key' });
      }
      for (const q of Object.keys(c.sla.managers.queues)) {
        checkKnown(ctx, { path: ['managers', 'queues', q], noun: 'queue', value: q, known: queues, expected: 'one of the queues in roster.yaml', at: 'key' });
      }
    },
  },
];
