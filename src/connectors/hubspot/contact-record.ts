/** A HubSpot contact as the connector hands it out: the wire object plus its modification time as a number. */
import { UnexpectedResponseError } from '../api-failure';
import type { WireObject } from './schemas';

export interface ContactRecord {
  id: string;
  properties: Record<string, string | null>;
  /** lastmodifieddate in epoch ms: the change-polling key, together with id. */
  modifiedMs: number;
  createdAt?: string;
  archived?: boolean;
}

/** Reads a wire object; a contact without a readable modification time is an unexpected response. */
export function toContactRecord(o: WireObject, endpoint: string): ContactRecord {
  const raw = o.properties['lastmodifieddate'] ?? o.updatedAt;
  const modifiedMs = raw === undefined || raw === null ? NaN : /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (Number.isNaN(modifiedMs)) throw new UnexpectedResponseError('hubspot', endpoint, `contact ${o.id} has no readable lastmodifieddate`);
  return {
    id: o.id,
    properties: o.properties,
    modifiedMs,
    ...(o.createdAt !== undefined ? { createdAt: o.createdAt } : {}),
    ...(o.archived !== undefined ? { archived: o.archived } : {}),
  };
}

/** The key under which a caller dedupes what change polling returns (a record at one modification time). */
export const changeKey = (r: Pick<ContactRecord, 'id' | 'modifiedMs'>): string => `${r.id}@${r.modifiedMs}`;
