/**
 * The HubSpot set-up calls: contact properties and their group (idempotent: read first, create
 * only what is missing, report what differs) and the manual list Handoff adds contacts to
 * (v3 lists only; v1 is gone, API-FACTS A5).
 */
import type { Client } from '@hubspot/api-client';
import type { HubSpotPropertySpec } from '../handoff-schema';
import { ApiError } from '../api-failure';
import type { Lane } from '../rate-policy';
import type { HubSpotCalls } from './calls';
import { KEEP_BODY } from './client';
import type { WireMembershipsUpdate, WireProperty } from './schemas';
import { listEnvelope, membershipsUpdate, property, propertyGroup, propertyList } from './schemas';

export interface PropertySpec extends HubSpotPropertySpec {
  groupName?: string;
  description?: string;
}

export interface HubSpotProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName?: string;
  options: { label: string; value: string }[];
  hubspotDefined: boolean;
}

export interface EnsuredProperty {
  created: boolean;
  property: HubSpotProperty;
  /** How an existing property differs from the spec (left alone: an admin may have changed it on purpose). */
  drift: string[];
}

type PropertyCreate = Parameters<Client['crm']['properties']['coreApi']['createWithHttpInfo']>[1];
const CONTACTS_TYPE = '0-1';
const isNotFound = (e: unknown): boolean => e instanceof ApiError && e.failure.status === 404;

function toProperty(p: WireProperty): HubSpotProperty {
  return {
    name: p.name,
    label: p.label,
    type: p.type,
    fieldType: p.fieldType,
    ...(p.groupName !== undefined ? { groupName: p.groupName } : {}),
    options: (p.options ?? []).map((o) => ({ label: o.label, value: o.value })),
    hubspotDefined: p.hubspotDefined === true,
  };
}

function driftOf(have: HubSpotProperty, want: PropertySpec): string[] {
  const drift: string[] = [];
  if (have.type !== want.type) drift.push(`type is ${have.type}, expected ${want.type}`);
  if (have.fieldType !== want.fieldType) drift.push(`fieldType is ${have.fieldType}, expected ${want.fieldType}`);
  const values = new Set(have.options.map((o) => o.value));
  const missing = (want.options ?? []).filter((o) => !values.has(o.value)).map((o) => o.value);
  if (missing.length) drift.push(`options missing: ${missing.join(', ')}`);
  return drift;
}

export class HubSpotAdmin {
  constructor(
    private readonly client: Client,
    private readonly calls: HubSpotCalls,
  ) {}

  async listProperties(lane: Lane = 'critical'): Promise<HubSpotProperty[]> {
    const { body } = await this.calls.json(
      { endpoint: 'GET /crm/v3/properties/contacts', lane },
      () => this.client.crm.properties.coreApi.getAllWithHttpInfo('contacts', undefined, undefined, KEEP_BODY),
      propertyList,
    );
    return body.results.map(toProperty);
  }

  /** Whether the contact property group exists (a read: `install --dry-run` and `doctor` create nothing). */
  async hasPropertyGroup(name: string, lane: Lane = 'critical'): Promise<boolean> {
    try {
      await this.calls.json(
        { endpoint: 'GET /crm/v3/properties/contacts/groups/{groupName}', lane },
        () => this.client.crm.properties.groupsApi.getByNameWithHttpInfo('contacts', name, KEEP_BODY),
        propertyGroup,
      );
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async ensurePropertyGroup(group: { name: string; label: string }, lane: Lane = 'critical'): Promise<{ created: boolean }> {
    try {
      await this.calls.json(
        { endpoint: 'GET /crm/v3/properties/contacts/groups/{groupName}', lane },
        () => this.client.crm.properties.groupsApi.getByNameWithHttpInfo('contacts', group.name, KEEP_BODY),
        propertyGroup,
      );
      return { created: false };
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    await this.calls.json(
      { endpoint: 'POST /crm/v3/properties/contacts/groups', lane },
      () => this.client.crm.properties.groupsApi.createWithHttpInfo('contacts', { name: group.name, label: group.label, displayOrder: -1 }, KEEP_BODY),
      propertyGroup,
    );
    return { created: true };
  }

  async ensureProperty(spec: PropertySpec, lane: Lane = 'critical'): Promise<EnsuredProperty> {
    try {
      const { body } = await this.calls.json(
        { endpoint: 'GET /crm/v3/properties/contacts/{propertyName}', lane },
        () => this.client.crm.properties.coreApi.getByNameWithHttpInfo('contacts', spec.name, undefined, undefined, KEEP_BODY),
        property,
      );
      const have = toProperty(body);
      return { created: false, property: have, drift: driftOf(have, spec) };
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const create = {
      name: spec.name,
      label: spec.label,
      type: spec.type,
      fieldType: spec.fieldType,
      groupName: spec.groupName ?? 'contactinformation',
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      ...(spec.options ? { options: spec.options.map((o, i) => ({ label: o.label, value: o.value, hidden: false, displayOrder: i })) } : {}),
    };
    const { body } = await this.calls.json(
      { endpoint: 'POST /crm/v3/properties/contacts', lane },
      () => this.client.crm.properties.coreApi.createWithHttpInfo('contacts', create as PropertyCreate, KEEP_BODY),
      property,
    );
    return { created: true, property: toProperty(body), drift: [] };
  }

  /** The id of the MANUAL contact list with this name, created when missing. */
  async ensureManualList(name: string, lane: Lane = 'critical'): Promise<string> {
    const found = await this.findList(name, lane);
    if (found) return found;
    try {
      const { body } = await this.calls.json(
        { endpoint: 'POST /crm/v3/lists', lane },
        () => this.client.crm.lists.listsApi.createWithHttpInfo({ name, objectTypeId: CONTACTS_TYPE, processingType: 'MANUAL' }, KEEP_BODY),
        listEnvelope,
      );
      return body.list.listId;
    } catch (err) {
      // Another replica created it between our read and our create (400 ILS.DUPLICATE_LIST_NAMES).
      const again = err instanceof ApiError && err.failure.status === 400 ? await this.findList(name, lane) : undefined;
      if (again) return again;
      throw err;
    }
  }

  async addToList(listId: string, ids: readonly string[], lane: Lane = 'critical'): Promise<{ added: string[]; missing: string[] }> {
    if (ids.length === 0) return { added: [], missing: [] };
    const { body } = await this.calls.json(
      { endpoint: 'PUT /crm/v3/lists/{listId}/memberships/add', lane },
      () => this.client.crm.lists.membershipsApi.addWithHttpInfo(listId, [...new Set(ids)], KEEP_BODY),
      membershipsUpdate,
    );
    return { added: addedOf(body), missing: body.recordIdsMissing ?? [] };
  }

  async removeFromList(listId: string, ids: readonly string[], lane: Lane = 'critical'): Promise<{ removed: string[]; missing: string[] }> {
    if (ids.length === 0) return { removed: [], missing: [] };
    const { body } = await this.calls.json(
      { endpoint: 'PUT /crm/v3/lists/{listId}/memberships/remove', lane },
      () => this.client.crm.lists.membershipsApi.removeWithHttpInfo(listId, [...new Set(ids)], KEEP_BODY),
      membershipsUpdate,
    );
    return { removed: body.recordIdsRemoved ?? [], missing: body.recordIdsMissing ?? [] };
  }

  private async findList(name: string, lane: Lane): Promise<string | undefined> {
    try {
      const { body } = await this.calls.json(
        { endpoint: 'GET /crm/v3/lists/object-type-id/{objectTypeId}/name/{listName}', lane },
        () => this.client.crm.lists.listsApi.getByNameWithHttpInfo(name, CONTACTS_TYPE, undefined, KEEP_BODY),
        listEnvelope,
      );
      return body.list.listId;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}

const addedOf = (b: WireMembershipsUpdate): string[] => [...new Set([...(b.recordsIdsAdded ?? []), ...(b.recordIdsAdded ?? [])])];
