/**
 * The emulator's seeded portal must hold every contact property the default mappings read or write,
 * with a matching type and the picklist values the mappings use; otherwise the sandbox would reject
 * writes the daemon makes against a real, installed portal.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ManualClock } from '../../../src/domain/clock';
import { defaultMappingsDir } from '../../../src/paths';
import { createHubSpotEmulator } from '../../../src/sandbox/hubspot';

interface FieldEntry {
  name: string;
  hubspot: string;
  type: string;
  values?: Record<string, string>;
  values_from?: 'products' | 'segments';
  hubspot_date_format?: string;
  sync: string;
}

const load = <T>(file: string): T => parse(readFileSync(path.join(defaultMappingsDir(), file), 'utf8')) as T;

const HUBSPOT_TYPE: Record<string, string[]> = {
  text: ['string'],
  textarea: ['string'],
  email: ['string'],
  phone: ['string'],
  picklist: ['enumeration'],
  checkbox: ['bool'],
  number: ['number'],
  date: ['date', 'string'],
  datetime: ['datetime'],
};

describe('seeded contact properties against mappings/', () => {
  const emu = createHubSpotEmulator({ clock: new ManualClock('2026-03-02T14:00:00Z') });
  const fields = load<{ link: { hubspot_lead_id: string }; fields: FieldEntry[] }>('fields.yaml');
  const products = load<{ products: { hubspot_value: string }[] }>('products.yaml').products.map((p) => p.hubspot_value);
  const segments = load<{ segments: { hubspot_value: string }[] }>('segments.yaml').segments.map((s) => s.hubspot_value);

  it.each(fields.fields.map((f) => [f.hubspot, f] as const))('%s exists with a compatible type and options', (_name, f) => {
    const def = emu.properties.get(f.hubspot);
    expect(def).toBeDefined();
    const allowed = [...(f.type === 'date' && f.hubspot_date_format ? ['string'] : HUBSPOT_TYPE[f.type] ?? [])];
    // Text read from an enumeration (hs_language) is fine while Handoff never writes it back.
    if (['text', 'textarea'].includes(f.type) && ['prefer_map', 'none'].includes(f.sync)) allowed.push('enumeration');
    expect(allowed).toContain(def?.type);
    if (f.type === 'picklist') {
      const wanted = f.values_from === 'products' ? products : f.values_from === 'segments' ? segments : Object.keys(f.values ?? {});
      expect(def?.options.map((o) => o.value)).toEqual(expect.arrayContaining(wanted));
    }
  });

  it('holds the link property the Lead id is written to', () => {
    expect(emu.properties.get(fields.link.hubspot_lead_id)?.type).toBe('string');
  });

  it('lets a caller seed a bank’s own properties, replacing defaults of the same name', () => {
    const custom = createHubSpotEmulator({
      clock: new ManualClock('2026-03-02T14:00:00Z'),
      bare: true,
      extraProperties: [{ name: 'product_interest', label: 'Product', type: 'enumeration', fieldType: 'select', options: [{ value: 'boat_loan', label: 'Boat loan' }] }],
    });
    expect(custom.properties.get('product_interest')?.options.map((o) => o.value)).toEqual(['boat_loan']);
    expect(custom.properties.get('product_interest')?.groupName).toBe('handoff');
    expect(custom.properties.get('customer_segment')).toBeUndefined();
    expect(() => custom.createContact({ email: 'b@example.com', product_interest: 'mortgage' })).toThrow(/allowed options/);
    expect(custom.createContact({ email: 'b@example.com', product_interest: 'boat_loan' }).properties['product_interest']).toBe('boat_loan');
  });
});
