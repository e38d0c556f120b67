/**
 * Puts generated prospects into the emulators: each one a HubSpot contact created as marketing's
 * systems would (forms, imports, branch staff), and existing customers also a Salesforce Account
 * and Contact, same email, owned by their RM.
 */
import { HandoffError } from '../../errors';
import type { HubSpotEmulator } from '../hubspot';
import type { RosterOrg } from '../rms/roster-users';
import type { SalesforceEmulator } from '../salesforce';
import type { Prospect } from './prospects';

export interface SeededProspect {
  contactId: string;
  email: string;
  flaws: Prospect['flaws'];
  existingCustomer?: { rmId: string; accountId: string; contactId: string };
}

export interface SeedReport {
  created: number;
  contactIds: string[];
  existingCustomers: number;
  withFlaws: number;
  prospects: SeededProspect[];
}

export function seedProspects(hubspot: HubSpotEmulator, salesforce: SalesforceEmulator, org: RosterOrg, prospects: Prospect[]): SeedReport {
  const report: SeedReport = { created: 0, contactIds: [], existingCustomers: 0, withFlaws: 0, prospects: [] };
  for (const p of prospects) {
    const contact = hubspot.createContact(p.properties, { source: p.source });
    const seeded: SeededProspect = { contactId: contact.id, email: p.properties['email'] ?? '', flaws: p.flaws };
    const owner = p.existingCustomerOf !== undefined ? org.byRmId.get(p.existingCustomerOf) : undefined;
    if (owner) {
      seeded.existingCustomer = { rmId: owner.rm.id, ...createCustomer(salesforce, owner.userId, p.properties) };
      report.existingCustomers++;
    }
    if (p.flaws.length > 0) report.withFlaws++;
    report.created++;
    report.contactIds.push(contact.id);
    report.prospects.push(seeded);
  }
  return report;
}

/** A person who already banks with us: their email and the roster RM whose User owns them in Salesforce. */
export interface CustomerSeed {
  email: string;
  rmId: string;
  firstname?: string;
  lastname?: string;
}

export interface SeededCustomer {
  rmId: string;
  accountId: string;
  contactId: string;
}

/**
 * Existing customers on their own (a demo's or a test's chosen emails): an Account and a Contact
 * each, both owned by the RM's User, in the order given.
 */
export function seedCustomers(salesforce: SalesforceEmulator, org: RosterOrg, customers: readonly CustomerSeed[]): SeededCustomer[] {
  const unknown = customers.find((c) => !org.byRmId.has(c.rmId));
  if (unknown) throw new HandoffError('SANDBOX_UNKNOWN_RM', `no RM ${JSON.stringify(unknown.rmId)} in roster.yaml`);
  return customers.map((c) => {
    const owner = org.byRmId.get(c.rmId)!;
    const props: Record<string, string> = { email: c.email, ...(c.firstname ? { firstname: c.firstname } : {}), ...(c.lastname ? { lastname: c.lastname } : {}) };
    return { rmId: c.rmId, ...createCustomer(salesforce, owner.userId, props) };
  });
}

function createCustomer(salesforce: SalesforceEmulator, ownerId: string, props: Record<string, string>): { accountId: string; contactId: string } {
  const last = props['lastname'] ?? 'Customer';
  const account = salesforce.insert(
    'Account',
    {
      Name: props['company'] ?? `${last} Household`,
      Type: 'Customer',
      OwnerId: ownerId,
      BillingCity: props['city'] ?? null,
      BillingState: props['state'] ?? null,
      BillingPostalCode: props['zip'] ?? null,
    },
    ownerId,
  );
  const contact = salesforce.insert(
    'Contact',
    {
      AccountId: account.Id,
      OwnerId: ownerId,
      FirstName: props['firstname'] ?? null,
      LastName: last,
      Email: props['email'] ?? null,
      Phone: props['phone'] ?? null,
      MailingCity: props['city'] ?? null,
      MailingState: props['state'] ?? null,
      MailingPostalCode: props['zip'] ?? null,
    },
    ownerId,
  );
  return { accountId: String(account.Id), contactId: String(contact.Id) };
}
