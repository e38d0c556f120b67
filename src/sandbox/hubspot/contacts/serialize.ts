/**
 * A contact as the API returns it (`SimplePublicObject`): string id, string-or-null property
 * values in alphabetical order, ISO timestamps, and `propertiesWithHistory` when asked.
 */
import type { ContactRecord, HistoryEntry, IndexedContact } from './types';

/** What HubSpot returns when a read names no properties (and what search returns too). */
export const DEFAULT_PROPERTIES = ['firstname', 'lastname', 'email', 'lastmodifieddate', 'hs_object_id', 'createdate'];
/** Every read carries these, whatever was asked for. */
const ALWAYS = ['hs_object_id', 'createdate', 'lastmodifieddate'];

export interface ReadShape {
  properties?: string[] | undefined;
  propertiesWithHistory?: string[] | undefined;
  /** Property names that exist; unknown ones asked for are left out, as HubSpot does. */
  known: (name: string) => boolean;
}

export interface PublicObject {
  id: string;
  properties: Record<string, string | null>;
  propertiesWithHistory?: Record<string, HistoryEntry[]>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

export function toPublicObject(rec: ContactRecord | IndexedContact, shape: ReadShape): PublicObject {
  const wanted = new Set([...(shape.properties ?? DEFAULT_PROPERTIES), ...ALWAYS]);
  const properties: Record<string, string | null> = {};
  for (const name of [...wanted].sort()) {
    if (shape.known(name)) properties[name] = rec.properties[name] ?? null;
  }
  const out: PublicObject = { id: rec.id, properties, createdAt: rec.createdAt, updatedAt: rec.updatedAt, archived: rec.archived };
  if (shape.propertiesWithHistory?.length && 'history' in rec) {
    const hist: Record<string, HistoryEntry[]> = {};
    for (const name of shape.propertiesWithHistory) if (shape.known(name)) hist[name] = rec.history[name] ?? [];
    out.propertiesWithHistory = hist;
  }
  if ('archivedAt' in rec && rec.archivedAt) out.archivedAt = rec.archivedAt;
  return out;
}
