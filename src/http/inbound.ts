/** What the HTTP edge hands to the engine: items for the inbox, deduplicated there by source id. */
export interface InboundItem {
  source: 'hubspot' | 'salesforce' | 'events';
  sourceId: string;
  kind: string;
  payload: unknown;
}

export interface InboxPort {
  store(items: InboundItem[]): Promise<{ stored: number; duplicates: number }>;
}
