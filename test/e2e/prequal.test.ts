/**
 * A readiness gate that asks the bank's own pre-qualification service: the daemon calls it with
 * the gate's token and only the fields the gate lists; a pass is handed off, a decline is blocked
 * with the service's reason shown to marketing in HubSpot. The shipped rule-based gate
 * (mortgage_prequal, on fields the contact carries) blocks the same way, with its own codes.
 */
import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { defaultMappingsDir } from '../../src/paths';
import type { E2E } from './support';
import { createAndQualify, leadsByContact, pastSearchLag, readyContact, startE2E } from './support';

const calls: { authorization: string | undefined; body: { fields: Record<string, unknown> } }[] = [];
let server: Server;
let e: E2E;

beforeAll(async () => {
  const app = express();
  app.post('/check', express.json(), (req, res) => {
    calls.push({ authorization: req.get('authorization'), body: req.body as { fields: Record<string, unknown> } });
    const zip = String((req.body as { fields: { zip?: string } }).fields.zip ?? '');
    res.json(zip === '10017' ? { result: 'pass' } : { result: 'fail', reason: 'OUTSIDE_SERVICE_AREA' });
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'handoff-mappings-'));
  cpSync(defaultMappingsDir(), dir, { recursive: true });
  appendFileSync(
    path.join(dir, 'readiness.yaml'),
    `\n  - name: checking_service_area\n    when: { product: checking }\n    prequal:\n      http: { url: "http://127.0.0.1:${(server.address() as AddressInfo).port}/check", timeout_ms: 2000, send: [zip], token_env: PREQUAL_TOKEN }\n`,
  );
  e = await startE2E({ env: { MAPPINGS_DIR: dir }, daemon: { secret: (name) => (name === 'PREQUAL_TOKEN' ? 'prequal-token' : undefined) } });
});
afterAll(async () => {
  await e?.close();
  await new Promise((r) => server?.close(r));
});

it('hands off what the service passes and blocks what it declines, with its reason', async () => {
  const [passed, declined] = createAndQualify(e.sandbox, 0, 2) as [string, string]; // ZIPs 10017 and 60603
  pastSearchLag(e.clock);
  expect((await e.daemon.syncOnce()).errors).toEqual([]);

  expect(calls).toHaveLength(2);
  for (const c of calls) {
    expect(c.authorization).toBe('Bearer prequal-token');
    expect(Object.keys(c.body.fields)).toEqual(['zip']);
  }
  expect(leadsByContact(e.sandbox).get(passed)).toHaveLength(1);
  expect(leadsByContact(e.sandbox).get(declined)).toBeUndefined();
  const blocked = e.sandbox.hubspot.getContact(declined)!.properties;
  expect(blocked.handoff_status).toBe('blocked');
  expect(blocked.handoff_blocked_reasons).toContain('OUTSIDE_SERVICE_AREA');
});

it("blocks a mortgage lead that fails readiness.yaml's own pre-qualification, with the reason codes in HubSpot", async () => {
  const mortgage = (i: number, answers: Record<string, string>) =>
    e.sandbox.hubspot.createContact(readyContact(i, { product_interest: 'mortgage', ...answers }), { source: 'FORM' }).id;
  const ready = mortgage(10, { documents_ready: 'true', income_band: '100k_250k' });
  const noPapers = mortgage(11, { documents_ready: 'false', income_band: '50k_100k' });
  const lowIncome = mortgage(12, { documents_ready: 'true', income_band: 'under_50k' });
  const unanswered = mortgage(13, {});
  for (const id of [ready, noPapers, lowIncome, unanswered]) e.sandbox.hubspot.updateContact(id, { lifecyclestage: 'marketingqualifiedlead' }, { source: 'WORKFLOWS' });
  pastSearchLag(e.clock);
  expect((await e.daemon.syncOnce()).errors).toEqual([]);

  // The pre-qualified one is handed off, its answers on the Lead for the loan officer.
  expect(leadsByContact(e.sandbox).get(ready)).toEqual([expect.objectContaining({ Documents_Ready__c: true, Income_Band__c: '100k-250k' })]);
  const reasons = (id: string) => {
    expect(leadsByContact(e.sandbox).get(id)).toBeUndefined();
    const p = e.sandbox.hubspot.getContact(id)!.properties;
    expect(p.handoff_status).toBe('blocked');
    return p.handoff_blocked_reasons;
  };
  expect(reasons(noPapers)).toBe('PREQUAL_FAILED:documents_ready');
  expect(reasons(lowIncome)).toBe('PREQUAL_FAILED:income_band');
  expect(reasons(unanswered)).toBe('PREQUAL_FAILED:documents_ready; PREQUAL_FAILED:income_band');
});
