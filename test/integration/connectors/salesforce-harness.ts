/** A Salesforce emulator on a real socket and Handoff's connector over jsforce, on a ManualClock. */
import { generateKeyPairSync } from 'node:crypto';
import { ManualClock } from '../../../src/domain/clock';
import type { SalesforceSession } from '../../../src/connectors/salesforce';
import { SalesforceConnector, connectSalesforce } from '../../../src/connectors/salesforce';
import type { LaneLimiter } from '../../../src/connectors/rate-limits';
import { createSalesforceEmulator } from '../../../src/sandbox/salesforce';
import type { ListeningEmulator, SalesforceEmulator, SalesforceEmulatorOptions } from '../../../src/sandbox/salesforce';

export const START = '2026-01-05T14:00:00Z';
export const CLIENT_ID = 'handoff-connected-app';
export const USERNAME = 'handoff.integration@bank.sandbox';

// One RSA key pair per test file: the connected app's certificate and Handoff's private key.
export const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

export interface SalesforceHarness {
  emu: SalesforceEmulator;
  server: ListeningEmulator;
  clock: ManualClock;
  session: SalesforceSession;
  sf: SalesforceConnector;
  connector(o?: { limiter?: LaneLimiter; apiShare?: number }): SalesforceConnector;
  close(): Promise<void>;
}

export async function startSalesforce(opts: Partial<SalesforceEmulatorOptions> = {}): Promise<SalesforceHarness> {
  const clock = new ManualClock(START);
  const emu = createSalesforceEmulator({ clock, oauth: { clientId: CLIENT_ID, jwtPublicKey: keys.publicKey }, ...opts });
  const server = await emu.listen();
  const session = await connectSalesforce({
    auth: { flow: 'jwt', loginUrl: server.url, clientId: CLIENT_ID, username: USERNAME, privateKey: keys.privateKey },
    clock,
  });
  const connector = (o: { limiter?: LaneLimiter; apiShare?: number } = {}) => new SalesforceConnector({ session, ...o });
  return { emu, server, clock, session, sf: connector(), connector, close: () => server.close() };
}

/** A Lead's required fields plus the external id Handoff upserts on. */
export const lead = (hubspotId: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  HubSpot_Contact_Id__c: hubspotId,
  LastName: `Last${hubspotId}`,
  Company: 'Acme',
  ...extra,
});
