/**
 * scoring.yaml's `from` (signals read from contact fields) and fields.yaml's read-only fields
 * (no salesforce, sync: none): what the default mappings say, and what validate refuses.
 */
import { loadMappings } from '../../../src/config/load-mappings';
import { customFieldsNeeded } from '../../../src/config/custom-fields';
import { contactToLead, reconcileRecord, syncContext } from '../../../src/domain/sync';
import { trackedFields } from '../../../src/engine/pipeline/fields';
import { at, brokenCopy, DEFAULTS, errorLines, removeCopies } from './broken-copy';

afterAll(removeCopies);

const ENGAGEMENT_PROPERTIES = [
  'hs_email_click', 'hs_email_last_click_date', 'hs_analytics_num_page_views', 'hs_analytics_last_visit_timestamp',
  'num_conversion_events', 'recent_conversion_date', 'recent_conversion_event_name',
  'last_rate_page_view', 'calculator_completed_date', 'appointment_requested_date', 'webinar_attended_date',
];

function defaults() {
  const { config, errors } = loadMappings(DEFAULTS);
  expect(errors).toEqual([]);
  if (!config) throw new Error('no config');
  return config;
}

describe('the default mappings read engagement from HubSpot and never write it', () => {
  it('scoring reads email clicks at their last date, counted, and conversions by name', () => {
    const c = defaults();
    expect(c.scoring.behavior.find((r) => r.signal === 'email_click')?.from).toEqual({ field: 'last_email_click', count_field: 'email_clicks' });
    expect(c.scoring.behavior.find((r) => r.signal === 'content_download')?.from).toMatchObject({ field: 'last_conversion_at', when: { last_conversion_name: { matches: expect.any(String) } } });
    expect(c.scoring.intent.find((r) => r.signal === 'appointment_requested')?.from).toEqual({ field: 'appointment_requested_at' });
  });

  it('the engagement fields have no Salesforce field: not queried, not created, not written', () => {
    const c = defaults();
    const engagement = c.fields.fields.filter((f) => ENGAGEMENT_PROPERTIES.includes(f.hubspot));
    expect(engagement.map((f) => f.hubspot).sort()).toEqual([...ENGAGEMENT_PROPERTIES].sort());
    for (const f of engagement) expect([f.name, f.sync, f.salesforce]).toEqual([f.name, 'none', undefined]);

    const tracked = trackedFields(c);
    expect(tracked.hubspot).toEqual(expect.arrayContaining(ENGAGEMENT_PROPERTIES));
    expect(tracked.lead).not.toContain(undefined);

    // HubSpot computes hs_* and the conversion properties; the bank's own dates are created by install.
    const needed = customFieldsNeeded(c);
    expect(needed.hubspot.map((p) => p.name).filter((n) => ENGAGEMENT_PROPERTIES.includes(n)).sort()).toEqual(
      ['appointment_requested_date', 'calculator_completed_date', 'last_rate_page_view', 'webinar_attended_date'],
    );
    expect(needed.salesforce.map((f) => f.name)).not.toContain(undefined);

    const properties = {
      email: 'pat@example.com', lastname: 'Doe', company: 'Doe LLC',
      hs_email_click: '4', hs_email_last_click_date: '2026-05-01T10:00:00Z', last_rate_page_view: '2026-05-07T09:00:00.000Z',
    };
    const lead = contactToLead({ id: '101', properties }, c).fields;
    expect(Object.keys(lead).filter((k) => k === 'undefined' || /click|rate|page/i.test(k))).toEqual([]);

    const sync = reconcileRecord({ before: null, contact: { id: '101', properties, updatedAt: Date.parse('2026-05-08T00:00:00Z') }, lead: { Id: '00Q000000000001AAA', LastName: 'Doe', Company: 'Doe LLC' } }, syncContext(c));
    expect(sync.snapshot.fields.email_clicks?.value).toBe(4);
    expect(sync.snapshot.fields.last_email_click?.value).toBe('2026-05-01T10:00:00.000Z');
    expect(sync.snapshot.fields.rate_page_viewed_at?.value).toBe('2026-05-07T09:00:00.000Z');
    expect(Object.keys(sync.salesforce).filter((k) => k === 'undefined' || /click|rate|page/i.test(k))).toEqual([]);
    expect(Object.keys(sync.hubspot).filter((k) => ENGAGEMENT_PROPERTIES.includes(k))).toEqual([]);
  });
});

describe('validate refuses', () => {
  it('a field without a salesforce field that is synced', () => {
    const dir = brokenCopy({ file: 'fields.yaml', find: '    hubspot: hs_email_click\n    type: number\n    sync: none', replace: '    hubspot: hs_email_click\n    type: number\n    sync: prefer_map' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'fields.yaml', 'prefer_map\n\n  - name: last_email_click')} fields[${fieldIndex('email_clicks')}].sync: email_clicks has no salesforce field, so it cannot be synced with prefer_map; add salesforce: <Lead field>, or say sync: none to read it from HubSpot only`,
    ]);
  });

  it('a signal read from an unknown field, with did-you-mean, at its place', () => {
    const dir = brokenCopy({ file: 'scoring.yaml', find: 'from: { field: last_email_click, count_field: email_clicks }', replace: 'from: { field: last_email_clik, count_field: email_clicks }' });
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'scoring.yaml', 'last_email_clik')} behavior[0].from.field: unknown field "last_email_clik"; expected a date or datetime field from fields.yaml (did you mean "last_email_click"?)`,
    ]);
  });

  it('a count that is not a number field, a date that is not a date, a condition on an unknown field or on the score', () => {
    const dir = brokenCopy(
      { file: 'scoring.yaml', find: 'count_field: email_clicks }', replace: 'count_field: last_conversion_name }' },
      { file: 'scoring.yaml', find: 'from: { field: rate_page_viewed_at }', replace: 'from: { field: email_clicks }' },
      { file: 'scoring.yaml', find: 'when: { last_conversion_name: {', replace: 'when: { last_conversion_nam: {' },
      { file: 'scoring.yaml', find: 'from: { field: webinar_attended_at }', replace: 'from: { field: webinar_attended_at, when: { score: { gte: 10 } } }' },
    );
    expect(errorLines(dir)).toEqual([
      `${at(dir, 'scoring.yaml', 'last_conversion_name }')} behavior[0].from.count_field: last_conversion_name is a text field; count_field needs a number field`,
      `${at(dir, 'scoring.yaml', 'last_conversion_nam:')} behavior[3].from.when.last_conversion_nam: unknown field "last_conversion_nam"; expected a routing field (product, segment, kind, state, score…) or a field name from fields.yaml (did you mean "last_conversion_name"?)`,
      `${at(dir, 'scoring.yaml', 'score: { gte: 10 }')} behavior[4].from.when.score: a signal cannot depend on the score it is part of`,
      `${at(dir, 'scoring.yaml', 'email_clicks }')} intent[0].from.field: email_clicks is a number field; field needs a date or datetime field`,
    ]);
  });

  it('a from without a field, or with a key it does not know', () => {
    const dir = brokenCopy({ file: 'scoring.yaml', find: 'from: { field: calculator_completed_at }', replace: 'from: { feild: calculator_completed_at }' });
    const lines = errorLines(dir);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.startsWith('scoring.yaml:') && l.includes('intent[1].from'))).toBe(true);
  });
});

function fieldIndex(name: string): number {
  return defaults().fields.fields.findIndex((f) => f.name === name);
}
