/**
 * The connectors behind the dispatcher's RecordWriter port (src/engine/dispatcher.ts): one batch of
 * outbox items in, one result per item out, in order. Whole-call failures (a 429, a 5xx, an
 * expired session, a limiter refusal) become a failure on every item with its kind and
 * Retry-After kept, rather than a thrown error the dispatcher could only call "retryable". An
 * item a rate limit refused inside a partial answer is rate_limited in the same way, with the
 * limit's window as its wait. Bugs still throw.
 *
 * What an item means (recordKey, payload) per system and operation:
 * - hubspot contacts: upsert → recordKey is the email; update → the contact id. Payload values
 *   become strings (null clears the property). create is not offered: upsert by email instead.
 * - salesforce: upsert → recordKey is the external id value, in the object's external id field
 *   (`externalIdFields`); update → recordKey is the Id; create → payload only.
 * The types are declared here, structurally equal to the engine's, so connectors do not depend
 * on the engine.
 */
import type { RecordResult } from './api-failure';
import { toApiFailure } from './api-failure';
import type { HubSpotConnector } from './hubspot/connector';
import type { Lane } from './rate-policy';
import type { SalesforceConnector } from './salesforce/connector';

export type WriteSystem = 'hubspot' | 'salesforce';
export type WriteOperation = 'upsert' | 'update' | 'create';

export interface WriteItem {
  rowIds: number[];
  recordKey: string;
  payload: Record<string, unknown>;
}

export interface WriteFailure {
  kind: 'rate_limited' | 'retryable' | 'auth' | 'permanent';
  code?: string;
  message: string;
  retryAfterMs?: number;
}

export type WriteResult = { ok: true; id?: string } | { ok: false; failure: WriteFailure };

export interface ConnectorRecordWriter {
  write(system: WriteSystem, object: string, operation: WriteOperation, items: WriteItem[], lane?: Lane): Promise<WriteResult[]>;
}

export const DEFAULT_EXTERNAL_ID_FIELDS: Readonly<Record<string, string>> = {
  Lead: 'HubSpot_Contact_Id__c',
  Task: 'Handoff_Key__c',
  Event: 'Handoff_Key__c',
};

const HUBSPOT_CONTACTS = new Set(['contacts', 'contact', '0-1']);

export interface RecordWriterDeps {
  hubspot?: HubSpotConnector;
  salesforce?: SalesforceConnector;
  externalIdFields?: Readonly<Record<string, string>>;
}

export function createRecordWriter(deps: RecordWriterDeps): ConnectorRecordWriter {
  const extIds = { ...DEFAULT_EXTERNAL_ID_FIELDS, ...deps.externalIdFields };
  return {
    async write(system, object, operation, items, lane = 'critical') {
      if (items.length === 0) return [];
      const refuse = (code: string, message: string): WriteResult[] => items.map(() => ({ ok: false, failure: { kind: 'permanent', code, message } }));
      try {
        if (system === 'hubspot') {
          const hs = deps.hubspot;
          if (!hs) return refuse('NOT_CONFIGURED', 'HubSpot is not configured');
          if (!HUBSPOT_CONTACTS.has(object)) return refuse('UNSUPPORTED_OBJECT', `HubSpot writes of ${object} are not supported`);
          const props = items.map((i) => hubspotProperties(i.payload));
          if (operation === 'upsert') return toWriteResults(await hs.batchUpsertContactsByEmail(items.map((i, n) => ({ email: i.recordKey, properties: props[n]! })), { lane }));
          if (operation === 'update') return toWriteResults(await hs.batchUpdateContacts(items.map((i, n) => ({ id: i.recordKey, properties: props[n]! })), { lane }));
          return refuse('UNSUPPORTED_OPERATION', 'HubSpot contacts are written by upsert (by email) or update (by id)');
        }
        const sf = deps.salesforce;
        if (!sf) return refuse('NOT_CONFIGURED', 'Salesforce is not configured');
        if (operation === 'upsert') {
          const field = extIds[object];
          if (!field) return refuse('NO_EXTERNAL_ID', `No external id field is known for ${object}`);
          return toWriteResults(await sf.upsert(object, field, items.map((i) => ({ ...i.payload, [field]: i.recordKey })), { lane }));
        }
        if (operation === 'update') return toWriteResults(await sf.update(object, items.map((i) => ({ ...i.payload, Id: i.recordKey })), { lane }));
        return toWriteResults(await sf.create(object, items.map((i) => ({ ...i.payload })), { lane }));
      } catch (err) {
        const f = toApiFailure(err);
        if (!f) throw err;
        const failure: WriteFailure = { kind: f.kind, message: f.message, ...(f.code !== undefined ? { code: f.code } : {}), ...(f.retryAfterMs !== undefined ? { retryAfterMs: f.retryAfterMs } : {}) };
        return items.map(() => ({ ok: false, failure }));
      }
    },
  };
}

function toWriteResults(results: RecordResult[]): WriteResult[] {
  return results.map((r): WriteResult => {
    if (r.ok) return { ok: true, id: r.id };
    const { code, message, rateLimit } = r.error;
    if (rateLimit) return { ok: false, failure: { kind: 'rate_limited', code, message, retryAfterMs: rateLimit.waitMs } };
    return { ok: false, failure: { kind: r.error.retryable ? 'retryable' : 'permanent', code, message } };
  });
}

/** HubSpot takes strings only; an empty string clears a value (API-FACTS A2). */
function hubspotProperties(payload: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    if (v === undefined) continue;
    out[k] = v === null ? '' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}
