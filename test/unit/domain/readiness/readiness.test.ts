import fc from 'fast-check';
import type { MappingsConfig } from '../../../../src/config/mappings-config';
import { gateSchema } from '../../../../src/config/schemas/readiness';
import { consentFromFields } from '../../../../src/domain/lead';
import { decideReadiness, evaluateReadiness, formatReasons, planPrequal } from '../../../../src/domain/readiness';
import type { PrequalOutcome } from '../../../../src/domain/readiness';
import { TUESDAY, config, hot, lead } from '../routing/fixtures';
import type { LeadOverrides } from '../routing/fixtures';

const keys = (over: LeadOverrides, cfg: MappingsConfig = config, prequal?: Record<string, PrequalOutcome>) =>
  evaluateReadiness({ lead: lead(over), config: cfg, now: TUESDAY, ...(prequal ? { prequal } : {}) }).reasons.map((r) => (r.detail ? `${r.code}:${r.detail}` : r.code));

/** A warm consumer lead that passes every default gate. */
const good: LeadOverrides = { signals: hot() };

function withGates(gates: unknown[]): MappingsConfig {
  return { ...config, readiness: { ...config.readiness, gates: gates.map((g) => gateSchema.parse(g)) } };
}

describe('readiness gates, one reason code per failing check', () => {
  const cases: [string, LeadOverrides, string[]][] = [
    ['a complete, consenting, warm lead is ready', good, []],
    ['required fields', { ...good, fields: { zip: '', last_name: null } }, ['MISSING_FIELD:last_name', 'MISSING_FIELD:zip']],
    ['product and segment are required', { ...good, product: null, segment: null }, ['MISSING_FIELD:product', 'MISSING_FIELD:segment']],
    ['email form', { ...good, fields: { email: 'pat@@example' } }, ['EMAIL_INVALID:email']],
    ['phone must parse to E.164', { ...good, fields: { phone: '123' } }, ['PHONE_INVALID:phone']],
    ['one good number is enough', { ...good, fields: { phone: '123', mobile_phone: '+1 312 782 4000' } }, []],
    ['no phone at all for a consumer', { ...good, fields: { phone: null } }, ['MISSING_FIELD:phone']],
    ['a ZIP that does not exist', { ...good, fields: { zip: '00000' } }, ['ZIP_UNKNOWN:zip']],
    ['a ZIP of the wrong shape', { ...good, fields: { zip: '1234' } }, ['ZIP_INVALID:zip']],
    ['opted out of email but may be phoned: a banker calls them', { ...good, consent: { emailOptOut: true, doNotCall: false, tcpaConsent: false, tcpaConsentAt: null, smsOptOut: false } }, []],
    ['closed to email and phone: nobody may reach them', { ...good, consent: { emailOptOut: true, doNotCall: true, tcpaConsent: false, tcpaConsentAt: null, smsOptOut: false } }, ['NO_OPEN_CHANNEL:email|phone', 'DO_NOT_CALL']],
    ['a commercial lead opted out of email is still phoned by its RM', { ...good, segment: 'commercial', product: 'treasury_management', consent: { emailOptOut: true, doNotCall: false, tcpaConsent: false, tcpaConsentAt: null, smsOptOut: false } }, []],
    ['a commercial lead closed to both channels', { ...good, segment: 'commercial', product: 'treasury_management', consent: { emailOptOut: true, doNotCall: true, tcpaConsent: false, tcpaConsentAt: null, smsOptOut: false } }, ['NO_OPEN_CHANNEL:email|phone']],
    ['do-not-call blocks phone follow-up', { ...good, consent: { emailOptOut: false, doNotCall: true, tcpaConsent: false, tcpaConsentAt: null, smsOptOut: false } }, ['DO_NOT_CALL']],
    ['commercial leads are not called by the branch, so DNC does not block them', { ...good, segment: 'commercial', product: 'treasury_management', consent: { emailOptOut: false, doNotCall: true, tcpaConsent: false, tcpaConsentAt: null, smsOptOut: false } }, []],
    ['autodialed products need TCPA consent', { ...good, product: 'credit_card' }, ['NO_TCPA_CONSENT:calls']],
    ['with TCPA consent they pass', { ...good, product: 'credit_card', consent: { emailOptOut: false, doNotCall: false, tcpaConsent: true, tcpaConsentAt: new Date('2026-03-01'), smsOptOut: false } }, []],
    ['a product not sold to the segment', { ...good, product: 'wealth_management', segment: 'consumer' }, ['PRODUCT_NOT_FOR_SEGMENT:wealth_management/consumer']],
    ['suitability: home loans only where the bank lends', { ...good, product: 'mortgage', fields: { state: 'TX', zip: '75201' } }, ['UNSUITABLE:licensed_state']],
    ['a mortgage lead must be pre-qualified: documents ready', { ...good, product: 'mortgage', fields: { documents_ready: false } }, ['PREQUAL_FAILED:documents_ready']],
    ['a mortgage lead must be pre-qualified: an income band the bank lends against', { ...good, product: 'mortgage', fields: { income_band: 'under_50k' } }, ['PREQUAL_FAILED:income_band']],
    ['a mortgage lead that never answered is not pre-qualified', { ...good, product: 'mortgage', fields: { documents_ready: null, income_band: null } }, ['PREQUAL_FAILED:documents_ready', 'PREQUAL_FAILED:income_band']],
    ['other products are not asked', { ...good, product: 'heloc', fields: { documents_ready: null, income_band: null } }, []],
    ['insurance needs the state', { ...good, product: 'life_insurance', fields: { state: null } }, ['MISSING_FIELD:state']],
    ['below the MQL threshold', {}, ['BELOW_MQL']],
    ['an unknown kind', { ...good, kind: 'walk_in' }, ['UNKNOWN_KIND:walk_in']],
    ['an unknown product and segment', { ...good, product: 'yacht_loan', segment: 'martian' }, ['UNKNOWN_PRODUCT:yacht_loan', 'UNKNOWN_SEGMENT:martian']],
    ['a referral needs no MQL, but a source', { kind: 'referral' }, ['REFERRAL_SOURCE_INVALID']],
    ['a branch referral to a known branch is ready', { kind: 'referral', fields: { referral_source: 'branch:evanston' } }, []],
    ['a branch referral naming an unknown branch', { kind: 'referral', fields: { referral_source: 'branch:atlantis' } }, ['REFERRAL_BRANCH_UNKNOWN:atlantis']],
    ['a referral of an unknown type', { kind: 'referral', fields: { referral_source: 'cousin:bob' } }, ['REFERRAL_SOURCE_INVALID']],
    ['an application needs no MQL', { kind: 'application' }, []],
    ['a recycled lead in its cooldown', { ...good, state: 'recycled', timestamps: { createdAt: new Date('2026-01-01'), cooldownUntil: new Date('2026-04-01') } }, ['RECYCLE_COOLDOWN']],
  ];
  it.each(cases)('%s', (_name, over, expected) => {
    expect(keys(over)).toEqual(expected);
  });

  it('any_of blocks exactly the leads every named channel is closed to', () => {
    const gate = gateSchema.parse({ name: 'reachable', consent: { any_of: ['email', 'autodialed_calls', 'texts'] } });
    const cfg: MappingsConfig = { ...config, readiness: { ...config.readiness, gates: [gate] } };
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), (emailOptOut, doNotCall, tcpaConsent, smsOptOut) => {
        const consent = { emailOptOut, doNotCall, tcpaConsent, tcpaConsentAt: tcpaConsent ? TUESDAY : null, smsOptOut };
        const open = !emailOptOut || (!doNotCall && tcpaConsent) || (tcpaConsent && !smsOptOut);
        expect(keys({ ...good, consent }, cfg).includes('NO_OPEN_CHANNEL:email|autodialed_calls|texts')).toBe(!open);
      }),
    );
  });

  it('reports every failure at once, and names the gate that asked', () => {
    const r = evaluateReadiness({ lead: lead({ product: 'credit_card', fields: { zip: '', email: 'nope' }, consent: { emailOptOut: true, doNotCall: true, tcpaConsent: false, tcpaConsentAt: null, smsOptOut: false } }), config, now: TUESDAY });
    expect(r.ready).toBe(false);
    expect(r.gates).toEqual(['every_lead', 'rm_follow_up_by_phone', 'contact_center_dialer']);
    expect(formatReasons(r.reasons)).toBe('MISSING_FIELD:zip; EMAIL_INVALID:email; NO_OPEN_CHANNEL:email|phone; DO_NOT_CALL; NO_TCPA_CONSENT:calls; BELOW_MQL');
    expect(r.reasons.find((x) => x.code === 'NO_TCPA_CONSENT')).toEqual({ code: 'NO_TCPA_CONSENT', detail: 'calls', gate: 'contact_center_dialer', message: 'no prior express written consent for autodialed calls (TCPA)' });
    // Messages name what is wrong, never the lead's own values.
    expect(JSON.stringify(r.reasons)).not.toMatch(/nope|60603|Doe/);
  });

  it('texts need TCPA consent and no SMS opt-out', () => {
    const cfg = withGates([{ name: 'sms', consent: { texts: true } }]);
    expect(keys({ ...good }, cfg)).toEqual(['NO_TCPA_CONSENT:texts']);
    expect(keys({ ...good, consent: { emailOptOut: false, doNotCall: false, tcpaConsent: true, tcpaConsentAt: null, smsOptOut: true } }, cfg)).toEqual(['SMS_OPTED_OUT']);
  });

  it('scores and segments the lead on the way', () => {
    const r = evaluateReadiness({ lead: lead({ signals: [...hot(), { name: 'home_purchase', at: TUESDAY }] }), config, now: TUESDAY });
    expect(r.score).toMatchObject({ total: 100, mql: true, threshold: 60, lifeEvents: ['home_purchase'], suggestedProducts: ['heloc', 'life_insurance', 'mortgage'] });
    expect(r.segmentation).toEqual({ segment: 'consumer', productFamily: 'deposits', lifeEvents: ['home_purchase'], suggestedProducts: ['heloc', 'life_insurance', 'mortgage'] });
  });
});

describe('pre-qualification', () => {
  const byRule = withGates([
    { name: 'mortgage_prequal', when: { product: 'mortgage' }, prequal: { rule: [{ name: 'documents_ready', require: { documents_ready: true } }, { name: 'income_band', require: { income_band: ['50k_100k', '100k_250k'] } }] } },
  ]);
  const byService = withGates([
    { name: 'service', when: { product: 'mortgage' }, prequal: { http: { url: 'https://prequal.bank.internal/v1/check', timeout_ms: 2000, send: ['zip', 'income_band'], token_env: 'PREQUAL_TOKEN' } } },
  ]);
  const mortgage: LeadOverrides = { ...good, product: 'mortgage' };

  it('by rules on fields: documents ready, stated income band', () => {
    expect(keys({ ...mortgage, fields: { documents_ready: true, income_band: '100k_250k' } }, byRule)).toEqual([]);
    expect(keys({ ...mortgage, fields: { documents_ready: false, income_band: 'under_50k' } }, byRule)).toEqual(['PREQUAL_FAILED:documents_ready', 'PREQUAL_FAILED:income_band']);
    expect(keys({ ...good, product: 'checking' }, byRule)).toEqual([]);
  });

  it('by the bank\'s service: planned as a request carrying only the listed fields', () => {
    expect(planPrequal({ lead: lead({ ...mortgage, fields: { income_band: '100k_250k' } }), config: byService, now: TUESDAY })).toEqual([
      {
        gate: 'service',
        url: 'https://prequal.bank.internal/v1/check',
        timeoutMs: 2000,
        tokenEnv: 'PREQUAL_TOKEN',
        body: { leadId: 'L-1', product: 'mortgage', segment: 'consumer', kind: 'lead', fields: { zip: '60603', income_band: '100k_250k' } },
      },
    ]);
    expect(planPrequal({ lead: lead(good), config: byService, now: TUESDAY })).toEqual([]);
  });

  it('passes only on a pass; a decline, an error, a timeout or no call at all fail closed', () => {
    expect(keys(mortgage, byService, { service: { status: 'pass' } })).toEqual([]);
    expect(keys(mortgage, byService, { service: { status: 'fail', reason: 'DTI_TOO_HIGH' } })).toEqual(['PREQUAL_FAILED:DTI_TOO_HIGH']);
    expect(keys(mortgage, byService, { service: { status: 'error', error: 'timeout', message: 'no answer within 2000 ms' } })).toEqual(['PREQUAL_ERROR:timeout']);
    expect(keys(mortgage, byService)).toEqual(['PREQUAL_ERROR:not_run']);
  });
});

describe('decideReadiness', () => {
  it('captured → ready clears the blocked reasons', () => {
    const { decision } = decideReadiness({ lead: lead({ ...good, state: 'captured' }), config, now: TUESDAY });
    expect(decision.newState).toBe('ready');
    expect(decision.writes).toEqual({ hubspot: { lifecyclestage: 'marketingqualifiedlead', handoff_status: 'ready', handoff_blocked_reasons: '' } });
    expect(decision.audit.type).toBe('readiness_passed');
    expect(decision.lead?.score).toBe(95); // consumer 10 + footprint 10 + appointment 40 + callback 35
  });

  it('captured → blocked writes the reason codes to HubSpot, and nothing to Salesforce', () => {
    const { decision } = decideReadiness({ lead: lead({ state: 'captured', fields: { zip: null } }), config, now: TUESDAY });
    expect(decision.newState).toBe('blocked');
    expect(decision.writes).toEqual({ hubspot: { handoff_status: 'blocked', handoff_blocked_reasons: 'MISSING_FIELD:zip; BELOW_MQL' } });
    expect(decision.audit.summary).toBe('Not ready: MISSING_FIELD:zip; BELOW_MQL');
  });

  it('a blocked lead that still fails stays blocked with fresh reasons; a recycled one stays recycled', () => {
    expect(decideReadiness({ lead: lead({ state: 'blocked' }), config, now: TUESDAY }).decision).toMatchObject({ newState: null, writes: { hubspot: { handoff_blocked_reasons: 'BELOW_MQL' } } });
    expect(decideReadiness({ lead: lead({ state: 'recycled' }), config, now: TUESDAY }).decision.newState).toBeNull();
  });

  it('a recycled lead past its cooldown becomes ready and the cooldown is cleared', () => {
    const { decision } = decideReadiness({ lead: lead({ ...good, state: 'recycled', timestamps: { createdAt: new Date('2026-01-01'), cooldownUntil: new Date('2026-03-01') } }), config, now: TUESDAY });
    expect(decision.newState).toBe('ready');
    expect(decision.lead?.timestamps).toEqual({ readyAt: TUESDAY, cooldownUntil: null });
  });

  it('leaves leads past the handoff alone', () => {
    expect(decideReadiness({ lead: lead({ state: 'accepted' }), config, now: TUESDAY }).decision).toMatchObject({ newState: null, writes: {}, audit: { type: 'ignored' } });
  });
});

describe('consent from fields', () => {
  it('reads the fields readiness.yaml names, true-ish values only', () => {
    expect(consentFromFields({ email_opt_out: 'true', do_not_call: false, tcpa_consent: true, tcpa_consent_at: '2026-02-01T10:00:00Z' }, config.readiness.consent_fields)).toEqual({
      emailOptOut: true,
      doNotCall: false,
      tcpaConsent: true,
      tcpaConsentAt: new Date('2026-02-01T10:00:00Z'),
      smsOptOut: false,
    });
  });
});
