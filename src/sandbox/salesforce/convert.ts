import { formatDate } from './datetime';
import { createRecord, updateRecord, type DmlCall } from './dml/dml';
import { sfError, type SfError } from './errors';
import { normalizeId } from './ids';
import type { Org } from './org';
import { CONVERTED_LEAD_STATUS, LEAD_STATUSES } from './schema/picklists';

/**
 * Lead conversion as Salesforce does it: an Account (or the one given), a Contact and, unless
 * told not to, an Opportunity, all owned by a user; the Lead becomes read-only with IsConverted,
 * ConvertedDate, the three Converted…Id fields and a converted status; the lead's open activities
 * move to the new Contact. One unit: it all happens or nothing does.
 * Salesforce has no REST resource for this (it is SOAP/Apex); the emulator offers it as a method
 * and as an emulator-only route for simulated RMs.
 */

export interface ConvertOptions {
  opportunityName?: string;
  amount?: number;
  /** Opportunity stage; the first open stage when absent. */
  stageName?: string;
  closeDate?: string;
  doNotCreateOpportunity?: boolean;
  /** Merge into this Account instead of creating one. */
  accountId?: string;
  /** Required when the Lead is owned by a queue. */
  ownerId?: string;
  convertedStatus?: string;
}

export type ConvertResult =
  | { success: true; leadId: string; accountId: string; contactId: string; opportunityId: string | null }
  | { success: false; errors: SfError[] };

export function convertLead(org: Org, leadId: string, asUserId: string, opts: ConvertOptions = {}): ConvertResult {
  const id = normalizeId(leadId);
  const lead = id ? org.store.get('Lead', id) : undefined;
  if (!lead || lead.IsDeleted === true) return { success: false, errors: [sfError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['LeadId'])] };
  if (lead.IsConverted === true) return { success: false, errors: [sfError('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', [])] };
  const status = opts.convertedStatus ?? CONVERTED_LEAD_STATUS;
  if (!LEAD_STATUSES.some((s) => s.value === status && s.isConverted)) {
    return { success: false, errors: [sfError('INVALID_STATUS', `invalid convertedStatus: ${status}`, ['ConvertedStatus'])] };
  }
  const leadOwner = String(lead.OwnerId);
  const ownerId = opts.ownerId ?? (org.store.lookup(leadOwner)?.type === 'User' ? leadOwner : undefined);
  if (!ownerId) {
    return {
      success: false,
      errors: [
        sfError(
          'INVALID_CROSS_REFERENCE_KEY',
          'Converted objects can only be owned by users. If the lead is not owned by a user, you must specify a user for the Owner field.',
          ['OwnerId'],
        ),
      ],
    };
  }
  const call: DmlCall = { userId: asUserId, autoAssign: false };
  const admin: DmlCall = { ...call, admin: true };
  return org.transaction<ConvertResult>(() => {
    const failWith = (errors: SfError[]) => ({ commit: false, value: { success: false, errors } as ConvertResult });
    let accountId = opts.accountId ?? null;
    if (!accountId) {
      const acc = createRecord(org, call, 'Account', { Name: lead.Company, OwnerId: ownerId });
      if (!acc.success) return failWith(acc.errors);
      accountId = acc.id;
    }
    const contact = createRecord(org, call, 'Contact', {
      AccountId: accountId,
      OwnerId: ownerId,
      FirstName: lead.FirstName,
      LastName: lead.LastName,
      Salutation: lead.Salutation,
      Title: lead.Title,
      Email: lead.Email,
      Phone: lead.Phone,
      MobilePhone: lead.MobilePhone,
      MailingStreet: lead.Street,
      MailingCity: lead.City,
      MailingState: lead.State,
      MailingPostalCode: lead.PostalCode,
      MailingCountry: lead.Country,
      LeadSource: lead.LeadSource,
      HasOptedOutOfEmail: lead.HasOptedOutOfEmail,
      DoNotCall: lead.DoNotCall,
    });
    if (!contact.success) return failWith(contact.errors);
    let opportunityId: string | null = null;
    if (!opts.doNotCreateOpportunity) {
      const opp = createRecord(org, call, 'Opportunity', {
        Name: opts.opportunityName ?? `${String(lead.Company)}-`,
        AccountId: accountId,
        OwnerId: ownerId,
        StageName: opts.stageName ?? 'Prospecting',
        CloseDate: opts.closeDate ?? formatDate(org.now().getTime() + 30 * 86_400_000),
        Amount: opts.amount ?? null,
        LeadSource: lead.LeadSource,
      });
      if (!opp.success) return failWith(opp.errors);
      opportunityId = opp.id;
    }
    const updated = updateRecord(org, admin, 'Lead', String(lead.Id), {
      IsConverted: true,
      ConvertedDate: formatDate(org.now()),
      ConvertedAccountId: accountId,
      ConvertedContactId: contact.id,
      ConvertedOpportunityId: opportunityId,
      Status: status,
    });
    if (!updated.success) return failWith(updated.errors);
    for (const type of ['Task', 'Event']) {
      for (const act of org.store.findBy(type, 'WhoId', lead.Id, true)) {
        const moved = updateRecord(org, admin, type, String(act.Id), {
          WhoId: contact.id,
          WhatId: act.WhatId ?? opportunityId ?? accountId,
        });
        if (!moved.success) return failWith(moved.errors);
      }
    }
    return {
      commit: true,
      value: { success: true as const, leadId: String(lead.Id), accountId, contactId: contact.id, opportunityId },
    };
  });
}
