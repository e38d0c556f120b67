/** The shipped mappings, loaded once, and small builders for the sync tests. */
import type { FieldMapping, MappingsConfig } from '../../../../src/config';
import { loadMappings } from '../../../../src/config';
import { syncContext } from '../../../../src/domain/sync';
import type { HubspotContact, SalesforceLead } from '../../../../src/domain/sync';
import { defaultMappingsDir } from '../../../../src/paths';

export const config: MappingsConfig = (() => {
  const { config: c, errors } = loadMappings(defaultMappingsDir());
  if (!c) throw new Error(errors.map((e) => e.message).join('\n'));
  return c;
})();

export const ctx = syncContext(config);

export function field(name: string): FieldMapping {
  const f = ctx.byName.get(name);
  if (!f) throw new Error(`no field ${name} in the default mappings`);
  return f;
}

/** A copy of a default field with some keys changed (the config itself is frozen). */
export const variant = (name: string, patch: Partial<FieldMapping>): FieldMapping => ({ ...field(name), ...patch });

export const contact = (properties: Record<string, string | null>, extra: Partial<HubspotContact> = {}): HubspotContact => ({
  id: '5101',
  properties,
  updatedAt: '2025-03-03T10:00:00.000Z',
  ...extra,
});

export const lead = (fields: Record<string, unknown>): SalesforceLead => ({
  Id: '00Q000000000001AAA',
  LastModifiedDate: '2025-03-03T10:00:00.000+0000',
  ...fields,
});

export const T = (minute: number): string => new Date(Date.UTC(2025, 2, 3, 10, minute)).toISOString();

/** The default context with some fields changed, for rules the shipped mappings do not use. */
export function contextWith(patches: Record<string, Partial<FieldMapping>>): typeof ctx {
  const fields = ctx.fields.map((f) => (patches[f.name] ? { ...f, ...patches[f.name] } : f));
  return { ...ctx, fields, byName: new Map(fields.map((f) => [f.name, f])) };
}
