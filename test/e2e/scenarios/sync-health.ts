/**
 * Sync health as an operator sees it: GET /metrics counts what is dead-lettered now, writes per
 * system and inbox items per source, by error class, and how long a handoff took from the HubSpot
 * change to its Lead; `handoff dlq` lists the dead inbox items by class with ids only, and they
 * are retried or discarded like dead writes, the gauge following.
 */
import request from 'supertest';
import type { Backend } from '../../support/db';
import { discardDeadInbox, listDeadInbox, retryDeadInbox } from '../../../src/engine/dlq-inbox';
import { storeInbound } from '../../../src/engine/inbox';
import { createHttpApp } from '../../../src/http/app';
import { silentLogger } from '../../../src/observability/logger';
import { MAPPED_LEAD_FIELDS } from '../../../src/sandbox/salesforce/schema/custom';
import type { E2E } from '../support';
import { createAndQualify, pastSearchLag, readyContact, startE2E } from '../support';

/** Registers this file's hooks and tests in the caller's describe, on `backend`. */
export function syncHealth(backend: Backend): void {
  // An org whose Referral Source field is shorter than the mappings expect: one Lead is refused.
  const shortField = MAPPED_LEAD_FIELDS.map((f) => (f.name === 'Referral_Source__c' ? { ...f, length: 16 } : f));
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ backend, sandbox: { salesforce: { mappedFields: shortField } } });
  });
  afterAll(async () => e?.close());

  const scrape = async (): Promise<string[]> => {
    const res = await request(createHttpApp({ logger: silentLogger(), metrics: e.daemon.metrics })).get('/metrics').expect(200);
    return res.text.split('\n').filter((l) => /^handoff_(dead_letters|change_to_write_seconds_(sum|count))\b/.test(l));
  };

  it('reports dead writes and dead inbox items per system and class, and the handoff latency; dead inbox items are retried and discarded', async () => {
    // Two stored changes no handler can read (a contact without its properties), past their attempts.
    const poison = [];
    for (const sourceId of ['900@1741100000000', '901@1741100000000']) {
      const stored = await storeInbound(e.db, e.clock, { source: 'hubspot', sourceId, kind: 'contact', payload: { id: sourceId.split('@')[0] } });
      poison.push(stored.status === 'stored' ? stored.id : NaN);
    }
    let dead = 0;
    for (let i = 0; i < 20 && dead < 2; i++) {
      e.clock.advance(16 * 60_000);
      dead += (await e.daemon.pipeline.processInbox()).dead;
    }
    expect(dead).toBe(2);

    // A fresh handoff, and a contact whose Lead Salesforce refuses.
    createAndQualify(e.sandbox, 0, 1);
    e.sandbox.hubspot.createContact(readyContact(1, { lifecyclestage: 'marketingqualifiedlead', referral_source: 'partner:summit_auto_group' }));
    pastSearchLag(e.clock);
    const cycle = await e.daemon.syncOnce();
    expect(cycle.errors).toEqual([]);
    expect(cycle.dispatch?.dead).toBe(1);

    // The contact changed at its creation; its Lead landed one search lag (31 s) later.
    expect(await scrape()).toEqual([
      'handoff_dead_letters{queue="inbox",system="hubspot",class="TypeError"} 2',
      'handoff_dead_letters{queue="outbox",system="salesforce",class="STRING_TOO_LONG"} 1',
      'handoff_change_to_write_seconds_sum{direction="hubspot_to_salesforce"} 31',
      'handoff_change_to_write_seconds_count{direction="hubspot_to_salesforce"} 1',
    ]);

    const [listed] = await listDeadInbox(e.db);
    expect(listed).toMatchObject({ class: 'inbox:hubspot:TypeError', items: 2, kinds: ['contact'], examples: [{ id: poison[1], sourceId: '901@1741100000000' }, { id: poison[0], sourceId: '900@1741100000000' }] });

    const operator = { actor: 'operator:test' };
    expect(await retryDeadInbox(e.db, e.clock, { inboxId: poison[0]! }, operator)).toEqual({ items: 1 });
    expect(await e.daemon.pipeline.processInbox()).toMatchObject({ processed: 1, failed: 1 });
    expect(await discardDeadInbox(e.db, e.clock, { class: 'inbox:hubspot:TypeError' }, { ...operator, reason: 'contact deleted in HubSpot' })).toEqual({ items: 1 });
    pastSearchLag(e.clock);
    expect((await e.daemon.syncOnce()).errors).toEqual([]);
    // The discarded one is gone from the gauge, the retried one is being tried again.
    expect((await scrape()).filter((l) => l.startsWith('handoff_dead_letters'))).toEqual(['handoff_dead_letters{queue="outbox",system="salesforce",class="STRING_TOO_LONG"} 1']);
  });
}
