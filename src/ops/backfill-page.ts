/**
 * One page of the backfill: a page of HubSpot contacts, the Salesforce Leads that belong to them
 * (by the External ID, else by email when exactly one unlinked Lead and one contact share it),
 * and what becomes of each contact:
 *
 * - linked to a Lead: recorded as it stands (existingLeadState), with its snapshot, owner and one
 *   `backfilled` audit event; no decision, no writes but the missing link fields (the
 *   External ID on a Lead found by email, the Lead id on the contact), sent here on the bulk lane
 *   before the lead is recorded, so the pipeline's upserts find that Lead and never make a second;
 *   one not yet answered gets its SLA timers counted from now (backfill-sla.ts);
 * - marketing-qualified with no Lead: handed to the pipeline's own contact handler (readiness,
 *   routing), as a polled change would be; its writes take the bulk lane so live work
 *   goes first;
 * - otherwise: not Handoff's yet (the pipeline takes it when marketing qualifies it).
 *
 * A contact already known to Handoff is left alone, so a page done twice (a run interrupted
 * mid-page) loads nothing twice.
 */
import { randomUUID } from 'node:crypto';
import type { ContactRecord } from '../connectors/hubspot';
import { soqlId, soqlName, soqlString } from '../connectors/salesforce/soql';
import { consentFromFields } from '../domain/lead';
import { inboundFromHubspot, reconcileRecord } from '../domain/sync';
import { applyPlan } from '../engine/apply';
import type { PipelineContext } from '../engine/pipeline/context';
import { pick } from '../engine/pipeline/fields';
import { customerLookup } from '../engine/pipeline/customers';
import { handleContact } from '../engine/pipeline/handle-contact';
import { withConflictRetry } from '../engine/pipeline/inbox-handler';
import type { LeadData } from '../engine/pipeline/lead-record';
import { emptyLeadData, findLead, findLeadsByIds } from '../engine/pipeline/lead-record';
import { salesforceFields } from '../engine/pipeline/pollers';
import { canonicalFields, emailHash, leadView, taxonomyOf } from '../engine/pipeline/view';
import { isHandoffError } from '../errors';
import { redactString } from '../observability/redact';
import type { Db } from '../store/db';
import { backfillSla } from './backfill-sla';
import { existingLeadState } from './backfill-state';

export const BACKFILL_ACTOR = 'handoff backfill';

type SfRow = Record<string, unknown> & { Id: string };

export interface PageTally {
  contacts: number;
  recorded: Record<string, number>;
  linkedByExternalId: number;
  linkedByEmail: number;
  handedToPipeline: Record<string, number>;
  alreadyKnown: number;
  notQualified: number;
  ambiguous: number;
  links: { salesforce: number; hubspot: number };
  failed: { contactId: string; system: 'salesforce' | 'hubspot'; code: string; message: string }[];
}

export const emptyTally = (): PageTally => ({
  contacts: 0,
  recorded: {},
  linkedByExternalId: 0,
  linkedByEmail: 0,
  handedToPipeline: {},
  alreadyKnown: 0,
  notQualified: 0,
  ambiguous: 0,
  links: { salesforce: 0, hubspot: 0 },
  failed: [],
});

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const lower = (v: unknown): string | null => str(v)?.trim().toLowerCase() ?? null;
const bump = (m: Record<string, number>, k: string): void => void (m[k] = (m[k] ?? 0) + 1);

/** An email SOQL cannot carry (a control character) cannot be on a Lead either: it matches nothing. */
function emailLiteral(email: string): string[] {
  try {
    return [soqlString(email)];
  } catch {
    return [];
  }
}

async function leadsFor(ctx: PipelineContext, contacts: ContactRecord[]): Promise<SfRow[]> {
  const ext = soqlName(ctx.sync.link.salesforce_external_id);
  const fields = [...new Set(['Id', 'SystemModstamp', 'Email', 'OwnerId', 'IsConverted', 'ConvertedOpportunityId', ...salesforceFields(ctx, 'Lead')])].map(soqlName).join(', ');
  const ids = contacts.map((c) => soqlString(c.id));
  const emails = [...new Set(contacts.map((c) => lower(c.properties.email)).filter((e): e is string => e !== null))].flatMap(emailLiteral);
  const where = `${ext} IN (${ids.join(', ')})${emails.length ? ` OR Email IN (${emails.join(', ')})` : ''}`;
  const { records } = await ctx.salesforce.query(`SELECT ${fields} FROM Lead WHERE ${where}`, { lane: 'bulk', maxRecords: 10_000 });
  return records as SfRow[];
}

async function opportunityStages(ctx: PipelineContext, leads: SfRow[]): Promise<Map<string, { stage: string | null; amount: number | null }>> {
  const ids = leads.filter((l) => l.IsConverted === true).map((l) => str(l.ConvertedOpportunityId)).filter((x): x is string => x !== null);
  if (ids.length === 0) return new Map();
  const { records } = await ctx.salesforce.query(`SELECT Id, StageName, Amount FROM Opportunity WHERE Id IN (${ids.map(soqlId).join(', ')})`, { lane: 'bulk', maxRecords: 10_000 });
  return new Map(records.map((r) => [String(r.Id), { stage: str(r.StageName), amount: typeof r.Amount === 'number' ? r.Amount : null }]));
}

interface Link {
  contact: ContactRecord;
  lead: SfRow;
  by: 'external_id' | 'email';
}

/** Pairs contacts with their Leads; a pair that is not one-to-one is left out as ambiguous. */
function pair(ctx: PipelineContext, contacts: ContactRecord[], leads: SfRow[]): { links: Link[]; unlinked: ContactRecord[]; ambiguous: ContactRecord[] } {
  const ext = ctx.sync.link.salesforce_external_id;
  const byExt = new Map<string, SfRow[]>();
  const byEmail = new Map<string, SfRow[]>();
  for (const l of leads) {
    const key = str(l[ext]);
    if (key) byExt.set(key, [...(byExt.get(key) ?? []), l]);
    else if (lower(l.Email)) byEmail.set(lower(l.Email) as string, [...(byEmail.get(lower(l.Email) as string) ?? []), l]);
  }
  const contactsByEmail: Record<string, number> = {};
  for (const c of contacts) if (lower(c.properties.email)) bump(contactsByEmail, lower(c.properties.email) as string);
  const out = { links: [] as Link[], unlinked: [] as ContactRecord[], ambiguous: [] as ContactRecord[] };
  for (const c of contacts) {
    const mine = byExt.get(c.id) ?? [];
    const email = lower(c.properties.email);
    const sameEmail = email ? (byEmail.get(email) ?? []) : [];
    if (mine.length === 1) out.links.push({ contact: c, lead: mine[0] as SfRow, by: 'external_id' });
    else if (mine.length > 1) out.ambiguous.push(c);
    else if (sameEmail.length === 1 && contactsByEmail[email as string] === 1) out.links.push({ contact: c, lead: sameEmail[0] as SfRow, by: 'email' });
    else if (sameEmail.length > 1) out.ambiguous.push(c);
    else out.unlinked.push(c);
  }
  return out;
}

/** Writes the missing link fields (bulk lane); returns the links whose Salesforce side is in place. */
async function writeLinks(ctx: PipelineContext, links: Link[], tally: PageTally): Promise<Link[]> {
  const ext = ctx.sync.link.salesforce_external_id;
  const hsProp = ctx.sync.link.hubspot_lead_id;
  const byEmail = links.filter((l) => l.by === 'email' && l.lead.IsConverted !== true);
  const refused = new Set<string>();
  for (let i = 0; i < byEmail.length; i += 200) {
    const chunk = byEmail.slice(i, i + 200);
    const results = await ctx.salesforce.update('Lead', chunk.map((l) => ({ Id: l.lead.Id, [ext]: l.contact.id })), { lane: 'bulk' });
    results.forEach((r, n) => {
      const l = chunk[n] as Link;
      if (r.ok) {
        tally.links.salesforce++;
        l.lead[ext] = l.contact.id;
      } else {
        refused.add(l.contact.id);
        tally.failed.push({ contactId: l.contact.id, system: 'salesforce', code: r.error.code, message: redactString(r.error.message) });
      }
    });
  }
  const kept = links.filter((l) => !refused.has(l.contact.id));
  const hsMissing = kept.filter((l) => l.contact.properties[hsProp] !== l.lead.Id);
  for (let i = 0; i < hsMissing.length; i += 100) {
    const chunk = hsMissing.slice(i, i + 100);
    const results = await ctx.hubspot.batchUpdateContacts(chunk.map((l) => ({ id: l.contact.id, properties: { [hsProp]: l.lead.Id } })), { lane: 'bulk' });
    results.forEach((r, n) => {
      const l = chunk[n] as Link;
      if (r.ok) {
        tally.links.hubspot++;
        l.contact.properties[hsProp] = l.lead.Id;
      } else {
        // Not fatal: the Lead carries the link; reconciliation writes the contact's side later.
        tally.failed.push({ contactId: l.contact.id, system: 'hubspot', code: r.error.code, message: redactString(r.error.message) });
      }
    });
  }
  return kept;
}

/** The lead row for a linked pair, as it stands: state, owner, snapshot; one audit event. */
async function record(tx: Db, ctx: PipelineContext, link: Link, opp: { stage: string | null; amount: number | null } | undefined): Promise<string | null> {
  const { contact, lead } = link;
  if (await findLead(tx, { hubspotContactId: contact.id })) return null;
  const props = pick(contact.properties, ctx.fields.hubspot);
  const sfFields = pick(lead, ctx.fields.lead);
  const sync = reconcileRecord({ before: null, contact: { id: contact.id, properties: props, updatedAt: contact.modifiedMs }, lead: lead as never }, ctx.sync);
  const { state, because } = existingLeadState(lead, opp?.stage ?? null, ctx.config);
  const ownerId = str(lead.OwnerId);
  const rmId = ownerId ? ctx.directory.rmIdOfUser(ownerId) : undefined;
  const queue = ownerId && !rmId ? ctx.config.roster.queues.find((q) => ctx.directory.queueId(q.salesforce_queue) === ownerId) : undefined;
  const rm = rmId ? ctx.config.roster.rms.find((r) => r.id === rmId) : undefined;
  const oppId = str(lead.ConvertedOpportunityId);
  const data: LeadData = {
    ...emptyLeadData(),
    sync: sync.snapshot,
    raw: { hubspot: props, salesforce: sfFields },
    seen: { hubspotMs: contact.modifiedMs, ...(str(lead.SystemModstamp) ? { salesforceModstamp: str(lead.SystemModstamp) as string } : {}) },
    gov: { ownersSoFar: rmId ? [rmId] : [], timestamps: {} },
    ...(lead.IsConverted === true ? { converted: { opportunityId: oppId, accountId: str(lead.ConvertedAccountId), contactId: str(lead.ConvertedContactId) } } : {}),
    ...(oppId && opp ? { opportunities: { [oppId]: opp } } : {}),
  };
  const tax = taxonomyOf(sync.snapshot);
  const owner = rmId ? { ownerId: rmId, ownerKind: 'rm' as const } : queue ? { ownerId: queue.id, ownerKind: 'queue' as const } : { ownerId: null, ownerKind: null };
  const ownerText = rm ? rm.name : queue ? `the ${queue.name} queue` : ownerId ? `Salesforce user ${ownerId} (not in the roster)` : 'nobody';
  const id = randomUUID();
  const now = ctx.clock.now();
  const attempt = owner.ownerId ? 1 : 0;
  const sla = backfillSla({
    lead: leadView(
      { id, hubspotContactId: contact.id, salesforceLeadId: lead.Id, emailHash: null, state, ...tax, ...owner, branchId: rm?.branch ?? null, attempt, recycleCount: 0, data, version: 0, createdAt: now },
      ctx.config,
    ),
    config: ctx.config,
    now,
  });
  if (sla.armed) data.gov.timestamps = { ...data.gov.timestamps, acceptBy: sla.acceptBy.toISOString() };
  await applyPlan(
    tx,
    {
      lead: {
        id,
        expectedVersion: 'new',
        set: {
          state,
          hubspotContactId: contact.id,
          salesforceLeadId: lead.Id,
          emailHash: emailHash(contact.properties.email),
          ...tax,
          ...owner,
          branchId: rm?.branch ?? null,
          attempt,
          data: data as unknown as Record<string, unknown>,
          consent: { ...consentFromFields(canonicalFields(sync.snapshot), ctx.config.readiness.consent_fields) },
        },
      },
      audit: {
        type: 'backfilled',
        actor: BACKFILL_ACTOR,
        summary: `Loaded by backfill: Salesforce Lead ${lead.Id} owned by ${ownerText}, recorded as ${state} (${because}); no decision made${sla.note ? `; ${sla.note}` : ''}`,
        data: {
          state,
          because,
          salesforceLeadId: lead.Id,
          owner: owner.ownerId,
          linkedBy: link.by,
          note: `Linked to Salesforce Lead ${lead.Id} by ${link.by === 'email' ? 'email' : 'External ID'}; ${because}`,
          ...(sla.armed ? { sla: { acceptBy: sla.acceptBy.toISOString(), policy: sla.policy, calendar: sla.calendar, from: 'backfill' } } : sla.note ? { sla: { none: sla.note } } : {}),
        },
      },
      ...(sla.armed ? { timers: { set: sla.timers } } : {}),
    },
    ctx.clock,
  );
  return state;
}

/** A marketing-qualified contact with no Lead: the pipeline decides, and its writes take the bulk lane. */
async function handOver(ctx: PipelineContext, contact: ContactRecord): Promise<string> {
  return ctx.db.transaction((tx) =>
    withConflictRetry(tx, async (sp) => {
      const outcome = await handleContact(sp, ctx, { id: contact.id, properties: pick(contact.properties, ctx.fields.hubspot), modifiedMs: contact.modifiedMs }, { lane: 'bulk' });
      const lead = (await findLead(sp, { hubspotContactId: contact.id })) ?? (await findLead(sp, { emailHash: emailHash(contact.properties.email) ?? '-' }));
      return outcome === 'applied' && lead ? lead.state : 'no change';
    }),
  );
}

export async function backfillPage(ctx: PipelineContext, page: ContactRecord[], tally: PageTally): Promise<void> {
  const contacts = page.filter((c) => !c.archived);
  tally.contacts += contacts.length;
  const known = new Set((await findLeadsByIds(ctx.db, 'hubspot_contact_id', contacts.map((c) => c.id))).map((l) => l.hubspotContactId));
  const fresh = contacts.filter((c) => !known.has(c.id));
  tally.alreadyKnown += contacts.length - fresh.length;
  if (fresh.length === 0) return;
  const leads = await leadsFor(ctx, fresh);
  const { links, unlinked, ambiguous } = pair(ctx, fresh, leads);
  tally.ambiguous += ambiguous.length;
  const taken = new Set((await findLeadsByIds(ctx.db, 'salesforce_lead_id', links.map((l) => l.lead.Id))).map((l) => l.salesforceLeadId));
  const free = links.filter((l) => !taken.has(l.lead.Id));
  tally.alreadyKnown += links.length - free.length;
  const opps = await opportunityStages(ctx, free.map((l) => l.lead));
  for (const link of await writeLinks(ctx, free, tally)) {
    try {
      const state = await ctx.db.transaction((tx) => record(tx, ctx, link, opps.get(str(link.lead.ConvertedOpportunityId) ?? '')));
      if (state === null) tally.alreadyKnown++;
      else {
        bump(tally.recorded, state);
        if (link.by === 'email') tally.linkedByEmail++;
        else tally.linkedByExternalId++;
      }
    } catch (err) {
      // Another lead holds this Lead or contact (a duplicate in the data): left out, reported.
      if (!(isHandoffError(err) && (err.code === 'LEAD_LINK_CONFLICT' || err.code === 'LEAD_VERSION_CONFLICT'))) throw err;
      tally.ambiguous++;
    }
  }
  const isMql = (c: ContactRecord): boolean => inboundFromHubspot(undefined, pick(c.properties, ctx.fields.hubspot), ctx.config).some((e) => e.kind === 'mql');
  // The page's existing-customer checks in one batch (200 emails a query), not one query per contact.
  await customerLookup(ctx).fetch(unlinked.filter(isMql).map((c) => c.properties.email ?? ''), { lane: 'bulk' });
  for (const c of unlinked) {
    if (!isMql(c)) {
      tally.notQualified++;
      continue;
    }
    bump(tally.handedToPipeline, await handOver(ctx, c));
  }
}
