/**
 * Contact operations with HubSpot's rules, shared by the HTTP routes and the emulator's direct
 * (seeding) methods: property validation, email uniqueness, lookups by `idProperty`.
 * Failures are thrown as HubSpotHttpError so a route answers them as they are.
 */
import type { PropertyStore } from '../properties/store';
import type { PropertyValueError } from '../properties/values';
import { HubSpotHttpError, notFound, validationError } from '../wire';
import type { ContactStore } from './store';
import type { ContactRecord, WriteSource } from './types';

export type CheckResult = { ok: true; values: Record<string, string> } | { ok: false; error: HubSpotHttpError };

export function invalidProperties(errors: PropertyValueError[]): HubSpotHttpError {
  return validationError(`Property values were not valid: ${JSON.stringify(errors)}`, {
    errors: errors.map((e) => ({ message: e.message, code: e.error, context: { propertyName: [e.name] } })),
  });
}

export const conflict = (existingId: string): HubSpotHttpError =>
  new HubSpotHttpError(409, `Contact already exists. Existing ID: ${existingId}`, { category: 'CONFLICT' });

export const contactNotFound = (id: string): HubSpotHttpError =>
  notFound('Object not found.  objectId are usually numeric.', { context: { id: [id] } });

export class ContactService {
  constructor(
    readonly store: ContactStore,
    readonly properties: PropertyStore,
  ) {}

  check(props: unknown, opts: { trusted?: boolean } = {}): CheckResult {
    if (props === undefined) return { ok: true, values: {} };
    const { values, errors } = this.properties.validateWrite(props, opts);
    return errors.length ? { ok: false, error: invalidProperties(errors) } : { ok: true, values };
  }

  /** The contact an `id` names under `idProperty` (record id when absent), or undefined. */
  resolve(id: string, idProperty: string | undefined, opts: { archived?: boolean } = {}): ContactRecord | undefined {
    // Archived records keep no unique-value index: they are found by record id only.
    if (opts.archived) return idProperty && idProperty !== 'hs_object_id' ? undefined : this.store.getArchived(id);
    if (!idProperty || idProperty === 'hs_object_id') return this.store.get(id);
    if (idProperty === 'email') return this.store.findByEmail(id);
    const def = this.properties.get(idProperty);
    if (!def?.hasUniqueValue) {
      throw validationError(`Unable to perform lookup by non-unique 0-1 property ${idProperty}`);
    }
    return this.store.list().find((r) => r.properties[idProperty] === id);
  }

  /** The live contact that already holds this email, if any. */
  emailOwner(values: Record<string, string>): ContactRecord | undefined {
    const email = values['email'];
    return email ? this.store.findByEmail(email) : undefined;
  }

  create(props: unknown, source: WriteSource, opts: { trusted?: boolean } = {}): ContactRecord {
    const c = this.check(props, opts);
    if (!c.ok) throw c.error;
    const owner = this.emailOwner(c.values);
    if (owner) throw conflict(owner.id);
    return this.store.create(c.values, source);
  }

  update(id: string, idProperty: string | undefined, props: unknown, source: WriteSource, opts: { trusted?: boolean } = {}): ContactRecord {
    const rec = this.resolve(id, idProperty);
    if (!rec) throw contactNotFound(id);
    const c = this.check(props, opts);
    if (!c.ok) throw c.error;
    const owner = this.emailOwner(c.values);
    if (owner && owner.id !== rec.id) throw conflict(owner.id);
    this.store.update(rec, c.values, source);
    return rec;
  }
}
