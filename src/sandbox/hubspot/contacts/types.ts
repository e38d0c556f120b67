/** Where a change came from, as HubSpot reports it in webhooks (`changeSource`, `sourceId`) and property history. */
export interface WriteSource {
  /** CRM_UI, INTEGRATION, WORKFLOWS, IMPORT, FORM, API, ... */
  changeSource: string;
  /** "userId:45678" for a person, the app id for an integration, a workflow id, ... */
  sourceId?: string;
  userId?: number;
}

export interface HistoryEntry {
  value: string;
  timestamp: string;
  sourceType: string;
  sourceId?: string;
  updatedByUserId?: number;
}

export interface ContactRecord {
  id: string;
  /** Current values, all strings; '' is a cleared value. Includes the system-maintained ones. */
  properties: Record<string, string>;
  /** Per property, newest first. */
  history: Record<string, HistoryEntry[]>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

/** What the search index holds of a contact at one moment. */
export interface IndexedContact {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export type ContactEvent =
  | { kind: 'creation'; contactId: string; at: number; source: WriteSource }
  | { kind: 'propertyChange'; contactId: string; at: number; source: WriteSource; propertyName: string; propertyValue: string }
  | { kind: 'deletion'; contactId: string; at: number; source: WriteSource };
