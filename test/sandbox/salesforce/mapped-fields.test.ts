/**
 * The org the sandbox starts with must hold every Lead field the default mappings write, as
 * `handoff install` would create it; otherwise the daemon would fail against the sandbox where an
 * installed org works (or the other way round).
 */
import { customFieldsNeeded, loadMappings } from '../../../src/config';
import { ManualClock } from '../../../src/domain/clock';
import { defaultMappingsDir } from '../../../src/paths';
import { MAPPED_LEAD_FIELDS, createSalesforceEmulator } from '../../../src/sandbox/salesforce';

const TYPE = { Text: 'string', LongTextArea: 'textarea', Picklist: 'picklist', Checkbox: 'boolean', Number: 'double', Date: 'date', DateTime: 'datetime', Currency: 'currency' } as const;

describe('seeded Lead fields against mappings/', () => {
  const loaded = loadMappings(defaultMappingsDir());
  const needed = customFieldsNeeded(loaded.config!).salesforce;
  const emu = createSalesforceEmulator({ clock: new ManualClock('2026-01-05T14:00:00Z') });
  const fields = emu.describe('Lead').fields;

  it('loads the default mappings', () => {
    expect(loaded.errors).toEqual([]);
  });

  it('MAPPED_LEAD_FIELDS is exactly what the config derives', () => {
    const norm = (xs: typeof needed) => [...xs].sort((a, b) => a.name.localeCompare(b.name)).map((f) => ({ ...f, values: f.values?.map((v) => v.value) }));
    expect(norm(MAPPED_LEAD_FIELDS)).toEqual(norm(needed));
  });

  it.each(needed.map((f) => [f.name, f] as const))('%s exists with its type and values', (_name, spec) => {
    const f = fields.find((x) => x.name === spec.name);
    expect(f).toMatchObject({ custom: true, type: TYPE[spec.type] });
    if (spec.values) expect(f?.picklistValues.map((p) => p.value)).toEqual(spec.values.map((v) => v.value));
  });

  it('every standard Lead field the mappings name exists', () => {
    for (const m of loaded.config!.fields.fields) if (m.salesforce !== undefined) expect(fields.map((f) => f.name)).toContain(m.salesforce);
    expect(fields.find((f) => f.name === loaded.config!.fields.link.salesforce_external_id)).toMatchObject({ externalId: true, unique: true });
  });

  it('a sandbox for other mappings takes their fields instead', () => {
    const other = createSalesforceEmulator({
      clock: new ManualClock('2026-01-05T14:00:00Z'),
      mappedFields: [{ object: 'Lead', name: 'Boat_Size__c', label: 'Boat size', type: 'Number' }],
    });
    const names = other.describe('Lead').fields.map((f) => f.name);
    expect(names).toContain('Boat_Size__c');
    expect(names).not.toContain('Product_Interest__c');
    expect(names).toContain('HubSpot_Contact_Id__c');
  });
});
