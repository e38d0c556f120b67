/** Checks inside readiness.yaml, scoring.yaml, sla.yaml and recycle.yaml that a schema cannot express. */
import type { ReadinessConfig } from '../schemas/readiness';
import type { RecycleConfig } from '../schemas/recycle';
import type { ScoringConfig } from '../schemas/scoring';
import type { SlaConfig } from '../schemas/sla';
import { checkUnique } from './context';
import type { CheckContext } from './context';

export function checkReadiness(r: ReadinessConfig, ctx: CheckContext): void {
  checkUnique(ctx, r.gates, (g) => g.name, (i) => ['gates', i, 'name'], 'gate name');
  r.gates.forEach((g, i) => {
    for (const key of ['suitability'] as const) {
      checkUnique(ctx, g[key] ?? [], (x) => x.name, (k) => ['gates', i, key, k, 'name'], 'requirement name');
    }
    checkUnique(ctx, g.prequal?.rule ?? [], (x) => x.name, (k) => ['gates', i, 'prequal', 'rule', k, 'name'], 'requirement name');
  });
  for (const kind of ['lead', 'application'] as const) {
    if (r.kinds[kind]?.sources) {
      ctx.report({ path: ['kinds', kind, 'sources'], code: 'bad_value', message: `sources apply to referrals (referral_source "<type>:<id>"), not to kind ${kind}`, at: 'key' });
    }
  }
}

export function checkScoring(s: ScoringConfig, ctx: CheckContext): void {
  checkUnique(ctx, s.fit, (x) => x.name, (i) => ['fit', i, 'name'], 'fit rule name');
  // A signal scored twice (as behaviour and as intent) would count twice: name each once.
  const signals = [...s.behavior.map((x, i) => ({ name: x.signal, path: ['behavior', i, 'signal'] })), ...s.intent.map((x, i) => ({ name: x.signal, path: ['intent', i, 'signal'] }))];
  checkUnique(ctx, signals, (x) => x.name, (i) => signals[i]?.path ?? [], 'signal');
  checkUnique(ctx, s.life_events, (x) => x.event, (i) => ['life_events', i, 'event'], 'life event');
  const lifeEvents = new Set(s.life_events.map((e) => e.event));
  signals.forEach((x) => {
    if (lifeEvents.has(x.name)) ctx.report({ path: x.path, code: 'duplicate_name', message: `"${x.name}" is also a life event; a signal counts in one place only`, found: x.name });
  });
}

export function checkSla(s: SlaConfig, ctx: CheckContext): void {
  checkUnique(ctx, s.priorities, (p) => p.name, (i) => ['priorities', i, 'name'], 'priority name');
  checkUnique(ctx, s.policies, (p) => p.name, (i) => ['policies', i, 'name'], 'policy name');
  const lastPriority = s.priorities.length - 1;
  s.priorities.forEach((p, i) => {
    if (i === lastPriority && p.when) ctx.report({ path: ['priorities', i, 'when'], code: 'bad_value', message: 'the last priority is the default for every other lead: remove its when', at: 'key' });
    if (i < lastPriority && !p.when) ctx.report({ path: ['priorities', i], code: 'bad_value', message: `only the last priority may leave out when; priorities after "${p.name}" could never match` });
  });
  const lastPolicy = s.policies.length - 1;
  s.policies.forEach((p, i) => {
    const catchAll = Object.keys(p.when).length === 0;
    if (i === lastPolicy && !catchAll) ctx.report({ path: ['policies', i, 'when'], code: 'bad_value', message: 'end with a policy without when, so every lead has an SLA', at: 'key' });
    if (i < lastPolicy && catchAll) ctx.report({ path: ['policies', i], code: 'bad_value', message: `policy "${p.name}" has no when and matches every lead, so the policies after it never apply` });
    const warn = p.warn_before ?? s.defaults.warn_before;
    if (warn >= p.accept_within) {
      ctx.report({ path: ['policies', i, p.warn_before !== undefined ? 'warn_before' : 'accept_within'], code: 'bad_value', message: `the warning (${warn} min before) would come before the clock starts; make warn_before shorter than accept_within (${p.accept_within} min)` });
    }
    if (p.first_touch_within < p.accept_within) {
      ctx.report({ path: ['policies', i, 'first_touch_within'], code: 'bad_value', message: `first contact (${p.first_touch_within} min) is due before acceptance (${p.accept_within} min); make first_touch_within at least accept_within` });
    }
  });
}

export function checkRecycle(r: RecycleConfig, ctx: CheckContext): void {
  for (const [reason, p] of Object.entries(r.reasons)) {
    if (!p) continue;
    const action = p.action ?? r.default.action;
    if (action !== 'recycle') {
      for (const key of ['list', 'cooldown'] as const) {
        if (p[key] !== undefined) ctx.report({ path: ['reasons', reason, key], code: 'bad_value', message: `${key} applies to action recycle; "${reason}" is ${action}`, at: 'key' });
      }
    }
  }
}
