/**
 * The portal's contact property definitions and groups, and the one check every contact write goes
 * through (`validateWrite`): unknown, archived and read-only properties and bad values are rejected
 * the way HubSpot rejects them.
 */
import type { Clock } from '../../../domain/clock';
import { HubSpotHttpError, notFound, validationError } from '../wire';
import { STANDARD_GROUPS, STANDARD_PROPERTIES, SYSTEM_MAINTAINED, handoffSeeds } from './seed';
import type { PropertyDefinition, PropertyGroup, PropertyOption, PropertySeed, PropertyType } from './types';
import { FIELD_TYPES, PROPERTY_TYPES } from './types';
import { normalizeValue, valueError } from './values';
import type { PropertyValueError } from './values';

// HubSpot's own properties carry their old creation dates; ours need not change between runs.
const HUBSPOT_DEFINED_AT = '2019-08-06T02:41:52.256Z';
const NAME_RE = /^[a-z][a-z0-9_]*$/;
const BOOL_OPTIONS = [
  { value: 'true', label: 'Yes' },
  { value: 'false', label: 'No' },
];

export interface WriteCheck {
  values: Record<string, string>;
  errors: PropertyValueError[];
}

export class PropertyStore {
  private readonly defs = new Map<string, PropertyDefinition>();
  private readonly groupMap = new Map<string, PropertyGroup>();

  constructor(
    private readonly clock: Clock,
    opts: { bare?: boolean; extra?: PropertySeed[] } = {},
  ) {
    for (const g of STANDARD_GROUPS) this.groupMap.set(g.name, { ...g, archived: false });
    for (const p of STANDARD_PROPERTIES) this.seed(p, HUBSPOT_DEFINED_AT);
    const at = clock.now().toISOString();
    if (!opts.bare) {
      const own = handoffSeeds();
      for (const g of own.groups) this.groupMap.set(g.name, { ...g, archived: false });
      for (const p of own.properties) this.seed(p, at);
    }
    // Extra seeds (e.g. what a bank's own mappings need) replace defaults of the same name.
    for (const p of opts.extra ?? []) {
      if (!this.groupMap.has(p.groupName)) this.groupMap.set(p.groupName, { name: p.groupName, label: p.groupName, displayOrder: -1, archived: false });
      this.seed(p, at);
    }
  }

  /** Adds a definition without the API's checks (seeding, and the admin side of the sandbox). */
  seed(p: PropertySeed, at = this.clock.now().toISOString()): PropertyDefinition {
    const hubspotDefined = p.hubspotDefined ?? false;
    const readOnlyValue = p.readOnlyValue ?? false;
    const def: PropertyDefinition = {
      name: p.name,
      label: p.label,
      type: p.type,
      fieldType: p.fieldType,
      description: p.description ?? '',
      groupName: p.groupName,
      options: toOptions(p.options ?? (p.type === 'bool' ? BOOL_OPTIONS : [])),
      displayOrder: -1,
      hidden: false,
      formField: !readOnlyValue,
      hubspotDefined,
      hasUniqueValue: p.hasUniqueValue ?? false,
      calculated: false,
      externalOptions: p.externalOptions ?? false,
      ...(p.referencedObjectType ? { referencedObjectType: p.referencedObjectType } : {}),
      createdAt: at,
      updatedAt: at,
      archived: false,
      modificationMetadata: {
        archivable: !hubspotDefined,
        readOnlyDefinition: hubspotDefined,
        readOnlyValue,
        ...(p.type === 'enumeration' ? { readOnlyOptions: p.externalOptions ?? false } : {}),
      },
    };
    this.defs.set(def.name, def);
    return def;
  }

  get(name: string, opts: { archived?: boolean } = {}): PropertyDefinition | undefined {
    const d = this.defs.get(name);
    if (!d) return undefined;
    return d.archived === (opts.archived ?? false) ? d : undefined;
  }

  all(opts: { archived?: boolean } = {}): PropertyDefinition[] {
    return [...this.defs.values()].filter((d) => d.archived === (opts.archived ?? false));
  }

  groups(): PropertyGroup[] {
    return [...this.groupMap.values()].filter((g) => !g.archived);
  }

  group(name: string): PropertyGroup | undefined {
    const g = this.groupMap.get(name);
    return g && !g.archived ? g : undefined;
  }

  createGroup(input: { name?: unknown; label?: unknown; displayOrder?: unknown }): PropertyGroup {
    if (typeof input.name !== 'string' || !NAME_RE.test(input.name)) {
      throw validationError(`Property group name must be lowercase letters, digits and underscores: ${String(input.name)}`);
    }
    if (typeof input.label !== 'string' || input.label === '') throw validationError('Property group label is required.');
    if (this.groupMap.get(input.name)) {
      throw new HubSpotHttpError(409, `A property group named '${input.name}' already exists.`, { category: 'OBJECT_ALREADY_EXISTS' });
    }
    const g: PropertyGroup = {
      name: input.name,
      label: input.label,
      displayOrder: typeof input.displayOrder === 'number' ? input.displayOrder : -1,
      archived: false,
    };
    this.groupMap.set(g.name, g);
    return g;
  }

  create(input: Record<string, unknown>): PropertyDefinition {
    const missing = ['name', 'label', 'type', 'fieldType', 'groupName'].filter((k) => typeof input[k] !== 'string' || input[k] === '');
    if (missing.length) throw validationError(`Missing required fields: ${missing.join(', ')}`);
    const name = input['name'] as string;
    const type = input['type'] as PropertyType;
    const fieldType = input['fieldType'] as string;
    const groupName = input['groupName'] as string;
    if (!NAME_RE.test(name)) throw validationError(`Property name ${name} is invalid: use lowercase letters, digits and underscores, starting with a letter.`);
    if (name.startsWith('hs_')) throw validationError(`Property name ${name} is reserved: the hs_ prefix belongs to HubSpot.`);
    if (!PROPERTY_TYPES.includes(type)) throw validationError(`Invalid type ${type}; expected one of ${PROPERTY_TYPES.join(', ')}.`);
    if (!(FIELD_TYPES as readonly string[]).includes(fieldType)) throw validationError(`Invalid fieldType ${fieldType}; expected one of ${FIELD_TYPES.join(', ')}.`);
    if (this.defs.has(name)) {
      throw new HubSpotHttpError(409, `Property named '${name}' already exists.`, { category: 'OBJECT_ALREADY_EXISTS' });
    }
    if (!this.group(groupName)) throw validationError(`Property group ${groupName} does not exist.`);
    const options = parseOptions(input['options']);
    if (type === 'enumeration' && options.length === 0) throw validationError(`Enumeration property ${name} needs at least one option.`);
    const def = this.seed({
      name,
      label: input['label'] as string,
      type,
      fieldType,
      groupName,
      ...(options.length ? { options } : {}),
      ...(typeof input['description'] === 'string' ? { description: input['description'] } : {}),
      hasUniqueValue: input['hasUniqueValue'] === true,
    });
    if (typeof input['displayOrder'] === 'number') def.displayOrder = input['displayOrder'];
    if (typeof input['hidden'] === 'boolean') def.hidden = input['hidden'];
    if (typeof input['formField'] === 'boolean') def.formField = input['formField'];
    return def;
  }

  update(name: string, patch: Record<string, unknown>): PropertyDefinition {
    const def = this.get(name);
    if (!def) throw notFound(`Property ${name} does not exist`);
    if (def.hubspotDefined) {
      const allowed = new Set(['label', 'options', 'displayOrder', 'hidden', 'description']);
      const changing = Object.keys(patch).filter((k) => !allowed.has(k));
      const optionsLocked = 'options' in patch && (def.type !== 'enumeration' || def.externalOptions);
      if (changing.length || optionsLocked) {
        throw validationError(`${name} is a HubSpot-defined property; only its label and options can be changed.`);
      }
    }
    if (typeof patch['label'] === 'string') def.label = patch['label'];
    if (typeof patch['description'] === 'string') def.description = patch['description'];
    if (typeof patch['displayOrder'] === 'number') def.displayOrder = patch['displayOrder'];
    if (typeof patch['hidden'] === 'boolean') def.hidden = patch['hidden'];
    if (typeof patch['formField'] === 'boolean') def.formField = patch['formField'];
    if (typeof patch['groupName'] === 'string') {
      if (!this.group(patch['groupName'])) throw validationError(`Property group ${patch['groupName']} does not exist.`);
      def.groupName = patch['groupName'];
    }
    if (typeof patch['fieldType'] === 'string') def.fieldType = patch['fieldType'];
    if (typeof patch['type'] === 'string' && PROPERTY_TYPES.includes(patch['type'] as PropertyType)) def.type = patch['type'] as PropertyType;
    // PATCH replaces the whole option set, as HubSpot does.
    if (patch['options'] !== undefined) def.options = toOptions(parseOptions(patch['options']));
    def.updatedAt = this.clock.now().toISOString();
    return def;
  }

  archive(name: string): void {
    const def = this.get(name);
    if (!def) throw notFound(`Property ${name} does not exist`);
    if (!def.modificationMetadata.archivable) throw validationError(`${name} is a HubSpot-defined property and cannot be archived.`);
    def.archived = true;
    def.updatedAt = this.clock.now().toISOString();
  }

  /**
   * Checks and normalizes the properties of one write. `trusted` writes (seeding, simulated users)
   * may set read-only values such as `createdate`, but never the ones the emulator maintains.
   */
  validateWrite(input: unknown, opts: { trusted?: boolean } = {}): WriteCheck {
    const values: Record<string, string> = {};
    const errors: PropertyValueError[] = [];
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      return { values, errors: [valueError('properties', 'INVALID_VALUE', 'properties must be an object of property names to values.')] };
    }
    for (const [name, raw] of Object.entries(input as Record<string, unknown>)) {
      const def = this.get(name);
      if (!def) {
        errors.push(valueError(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`));
        continue;
      }
      const readOnly = SYSTEM_MAINTAINED.has(name) || (def.modificationMetadata.readOnlyValue && !opts.trusted);
      if (readOnly) {
        errors.push(valueError(name, 'READ_ONLY_VALUE', `"${name}" is a read only property; its value cannot be set.`));
        continue;
      }
      const r = normalizeValue(def, raw);
      if (r.ok) values[name] = r.value;
      else errors.push(r.error);
    }
    return { values, errors };
  }
}

function parseOptions(raw: unknown): { value: string; label: string; hidden?: boolean; displayOrder?: number; description?: string }[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw validationError('options must be an array.');
  return raw.map((o: unknown, i) => {
    const opt = (o ?? {}) as Record<string, unknown>;
    if (typeof opt['value'] !== 'string' || typeof opt['label'] !== 'string') {
      throw validationError(`options[${i}] needs a string label and value.`);
    }
    return {
      value: opt['value'],
      label: opt['label'],
      ...(typeof opt['hidden'] === 'boolean' ? { hidden: opt['hidden'] } : {}),
      ...(typeof opt['displayOrder'] === 'number' ? { displayOrder: opt['displayOrder'] } : {}),
      ...(typeof opt['description'] === 'string' ? { description: opt['description'] } : {}),
    };
  });
}

function toOptions(list: { value: string; label: string; hidden?: boolean; displayOrder?: number; description?: string }[]): PropertyOption[] {
  return list.map((o, i) => ({
    label: o.label,
    value: o.value,
    displayOrder: o.displayOrder ?? i,
    hidden: o.hidden ?? false,
    ...(o.description !== undefined ? { description: o.description } : {}),
  }));
}
