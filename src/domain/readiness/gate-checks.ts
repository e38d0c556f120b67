/**
 * The checks one readiness gate asks for: required fields, identity sanity (email form, phone to
 * E.164, a real US ZIP), consent by channel, product suitability. Pre-qualification is in
 * prequal.ts. Each check returns reasons; none throws for bad data.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { MappingsConfig } from '../../config/mappings-config';
import type { CONSENT_CHANNELS, ReadinessGate } from '../../config/schemas/readiness';

type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
import { describeFailure, matchAll } from '../conditions';
import type { LeadFacts } from '../facts';
import { checkEmail } from '../identity/email';
import { normalisePhone } from '../identity/phone';
import { checkUsZip } from '../identity/zip';
import { isBlank } from '../lead';
import type { FieldValue, LeadView } from '../lead';
import type { ReadinessReason } from './reasons';

export type ReadinessSource = Pick<MappingsConfig, 'readiness' | 'fields' | 'products' | 'segments' | 'roster'> & Partial<Pick<MappingsConfig, 'scoring'>>;

type Reason = Omit<ReadinessReason, 'gate'>;

function valueOf(lead: LeadView, facts: LeadFacts, name: string): FieldValue | undefined {
  return name === 'product' || name === 'segment' || name === 'kind' ? facts.get(name) : lead.fields[name];
}

function requiredFields(gate: ReadinessGate, lead: LeadView, facts: LeadFacts): Reason[] {
  return (gate.required_fields ?? [])
    .filter((f) => isBlank(valueOf(lead, facts, f)))
    .map((f) => ({ code: 'MISSING_FIELD' as const, detail: f, message: `${f} is required` }));
}

function identity(gate: ReadinessGate, lead: LeadView, config: ReadinessSource): Reason[] {
  const out: Reason[] = [];
  const ofType = (type: string) => config.fields.fields.filter((f) => f.type === type).map((f) => f.name);
  const text = (name: string): string | null => {
    const v = lead.fields[name];
    return typeof v === 'string' && v.trim() !== '' ? v : null;
  };
  for (const check of gate.identity ?? []) {
    if (check === 'email') {
      const names = ofType('email');
      const given = names.filter((n) => text(n) !== null);
      if (given.length === 0) out.push({ code: 'MISSING_FIELD', detail: names[0] ?? 'email', message: 'an email address is required' });
      for (const n of given) {
        const r = checkEmail(text(n) as string);
        if (!r.ok) out.push({ code: 'EMAIL_INVALID', detail: n, message: `${n}: ${r.message}` });
      }
    } else if (check === 'phone') {
      // One dialable number is enough: a bad landline next to a good mobile does not block.
      const names = ofType('phone');
      const given = names.filter((n) => text(n) !== null);
      const results = given.map((n) => ({ n, r: normalisePhone(text(n) as string, config.fields.phone_country as CountryCode) }));
      if (given.length === 0) out.push({ code: 'MISSING_FIELD', detail: names[0] ?? 'phone', message: 'a phone number is required' });
      else if (!results.some((x) => x.r.ok)) {
        for (const { n, r } of results) if (!r.ok) out.push({ code: 'PHONE_INVALID', detail: n, message: `${n}: ${r.message}` });
      }
    } else {
      const zip = text('zip');
      if (zip === null) out.push({ code: 'MISSING_FIELD', detail: 'zip', message: 'a ZIP code is required' });
      else {
        const r = checkUsZip(zip);
        if (!r.ok) out.push({ code: r.error, detail: 'zip', message: `zip: ${r.message}` });
      }
    }
  }
  return out;
}

function consent(gate: ReadinessGate, lead: LeadView): Reason[] {
  const c = gate.consent;
  if (!c) return [];
  const out: Reason[] = [];
  const k = lead.consent;
  if (c.email && k.emailOptOut) out.push({ code: 'EMAIL_OPTED_OUT', message: 'opted out of email' });
  if ((c.phone || c.autodialed_calls) && k.doNotCall) out.push({ code: 'DO_NOT_CALL', message: 'on do-not-call' });
  if (c.autodialed_calls && !k.tcpaConsent) out.push({ code: 'NO_TCPA_CONSENT', detail: 'calls', message: 'no prior express written consent for autodialed calls (TCPA)' });
  if (c.texts && !k.tcpaConsent) out.push({ code: 'NO_TCPA_CONSENT', detail: 'texts', message: 'no prior express written consent for texts (TCPA)' });
  if (c.texts && k.smsOptOut) out.push({ code: 'SMS_OPTED_OUT', message: 'opted out of texts' });
  if (c.any_of && !c.any_of.some((ch) => channelOpen(ch, k))) {
    out.push({ code: 'NO_OPEN_CHANNEL', detail: c.any_of.join('|'), message: `may not be reached by ${c.any_of.map((ch) => CHANNEL_WORDS[ch]).join(' or ')}` });
  }
  return out;
}

const CHANNEL_WORDS: Record<ConsentChannel, string> = { email: 'email', phone: 'phone', autodialed_calls: 'autodialed calls', texts: 'text' };

/** Whether one channel is open to this lead: the same tests as the channel's own `<channel>: true`. */
function channelOpen(ch: ConsentChannel, k: LeadView['consent']): boolean {
  switch (ch) {
    case 'email':
      return !k.emailOptOut;
    case 'phone':
      return !k.doNotCall;
    case 'autodialed_calls':
      return !k.doNotCall && k.tcpaConsent;
    case 'texts':
      return k.tcpaConsent && !k.smsOptOut;
  }
}

function suitability(gate: ReadinessGate, lead: LeadView, facts: LeadFacts, config: ReadinessSource): Reason[] {
  const out: Reason[] = [];
  if (gate.product_sold_to_segment && lead.product && lead.segment) {
    const product = config.products.products.find((p) => p.id === lead.product);
    if (product && !product.segments.includes(lead.segment)) {
      out.push({ code: 'PRODUCT_NOT_FOR_SEGMENT', detail: `${lead.product}/${lead.segment}`, message: `${lead.product} is not sold to the ${lead.segment} segment` });
    }
  }
  for (const req of gate.suitability ?? []) {
    const failed = matchAll(req.require, (n) => facts.get(n));
    if (failed.length > 0) out.push({ code: 'UNSUITABLE', detail: req.name, message: req.message ?? failed.map((f) => describeFailure(f, false)).join('; ') });
  }
  return out;
}

export function gateReasons(gate: ReadinessGate, lead: LeadView, facts: LeadFacts, config: ReadinessSource): ReadinessReason[] {
  return [...requiredFields(gate, lead, facts), ...identity(gate, lead, config), ...consent(gate, lead), ...suitability(gate, lead, facts, config)].map((r) => ({
    ...r,
    gate: gate.name,
  }));
}
