/**
 * A state summary of both emulators for the admin API, the demo and benchmarks: how many contacts,
 * leads, tasks, events and opportunities there are, by the values that tell the handoff story.
 */
import type { HubSpotEmulator } from './hubspot';
import type { SalesforceEmulator } from './salesforce';

export interface SandboxSummary {
  at: string;
  hubspot: {
    contacts: number;
    byLifecycleStage: Record<string, number>;
    byHandoffStatus: Record<string, number>;
  };
  salesforce: {
    leads: number;
    leadsByHandoffStatus: Record<string, number>;
    leadsByStatus: Record<string, number>;
    /** Leads owned by a queue, by a roster RM, or by anyone else (the integration user…). */
    leadsByOwner: { queue: number; rm: number; other: number };
    convertedLeads: number;
    tasks: number;
    completedCalls: number;
    events: number;
    eventsByOutcome: { booked: number; held: number; noShow: number };
    opportunities: number;
    opportunitiesByStage: Record<string, number>;
    fundedAmount: number;
    accounts: number;
    contacts: number;
    apiUsage: { used: number; max: number };
  };
}

const tally = (values: unknown[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const v of values) {
    const k = v === null || v === undefined || v === '' ? '(none)' : String(v);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
};

export function summarize(hubspot: HubSpotEmulator, salesforce: SalesforceEmulator, rmUserIds: ReadonlySet<string>, now: Date): SandboxSummary {
  const contacts = hubspot.contacts.list();
  const leads = salesforce.records('Lead');
  const events = salesforce.records('Event');
  const tasks = salesforce.records('Task');
  const opportunities = salesforce.records('Opportunity');
  const owner = { queue: 0, rm: 0, other: 0 };
  for (const l of leads) {
    const id = String(l.OwnerId ?? '');
    if (id.startsWith('00G')) owner.queue++;
    else if (rmUserIds.has(id)) owner.rm++;
    else owner.other++;
  }
  const subject = (s: unknown) => String(s ?? '');
  return {
    at: now.toISOString(),
    hubspot: {
      contacts: contacts.length,
      byLifecycleStage: tally(contacts.map((c) => c.properties['lifecyclestage'])),
      byHandoffStatus: tally(contacts.map((c) => c.properties['handoff_status'])),
    },
    salesforce: {
      leads: leads.length,
      leadsByHandoffStatus: tally(leads.map((l) => l.Handoff_Status__c)),
      leadsByStatus: tally(leads.map((l) => l.Status)),
      leadsByOwner: owner,
      convertedLeads: leads.filter((l) => l.IsConverted === true).length,
      tasks: tasks.length,
      completedCalls: tasks.filter((t) => t.Type === 'Call' && t.Status === 'Completed').length,
      events: events.length,
      eventsByOutcome: {
        booked: events.filter((e) => subject(e.Subject) === 'Meeting').length,
        held: events.filter((e) => subject(e.Subject) === 'Meeting - Held').length,
        noShow: events.filter((e) => subject(e.Subject) === 'Meeting - No Show').length,
      },
      opportunities: opportunities.length,
      opportunitiesByStage: tally(opportunities.map((o) => o.StageName)),
      fundedAmount: opportunities.filter((o) => o.StageName === 'Funded').reduce((s, o) => s + (typeof o.Amount === 'number' ? o.Amount : 0), 0),
      accounts: salesforce.records('Account').length,
      contacts: salesforce.records('Contact').length,
      apiUsage: salesforce.apiUsage(),
    },
  };
}
