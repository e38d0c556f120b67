/**
 * The inbox handler: one stored change → its decisions, applied in the inbox row's transaction.
 * A lead changed by someone else meanwhile (LEAD_VERSION_CONFLICT: a write landed, another
 * worker decided) is re-read and decided again, inside a savepoint so the first try leaves
 * nothing behind.
 */
import { isHandoffError } from '../../errors';
import type { Db } from '../../store/db';
import type { InboxHandler, InboxOutcome, InboxRow } from '../inbox';
import type { PipelineContext } from './context';
import type { BankEventPayload } from './handle-activity';
import { handleBankEvent, handleEvent, handleOpportunity, handleTask } from './handle-activity';
import type { ContactSnapshot } from './handle-contact';
import { CONTACT_KIND, handleContact } from './handle-contact';
import type { SfRecord } from './handle-lead';
import { handleLead } from './handle-lead';

/** Polled Salesforce objects; an inbox row's kind is the object name. */
export const SALESFORCE_OBJECTS = ['Lead', 'Task', 'Event', 'Opportunity'] as const;
export type SalesforceObject = (typeof SALESFORCE_OBJECTS)[number];

const MAX_TRIES = 3;

export async function withConflictRetry<T>(tx: Db, fn: (sp: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await tx.transaction(fn);
    } catch (err) {
      if (!(isHandoffError(err) && err.code === 'LEAD_VERSION_CONFLICT') || attempt >= MAX_TRIES) throw err;
    }
  }
}

function handle(sp: Db, ctx: PipelineContext, row: InboxRow): Promise<InboxOutcome> {
  switch (row.source) {
    case 'hubspot':
      return row.kind === CONTACT_KIND ? handleContact(sp, ctx, row.payload as ContactSnapshot, { attempts: row.attempts }) : Promise.resolve('ignored');
    case 'salesforce': {
      const rec = row.payload as SfRecord;
      if (row.kind === 'Lead') return handleLead(sp, ctx, rec);
      if (row.kind === 'Task') return handleTask(sp, ctx, rec);
      if (row.kind === 'Event') return handleEvent(sp, ctx, rec);
      if (row.kind === 'Opportunity') return handleOpportunity(sp, ctx, rec);
      return Promise.resolve('ignored');
    }
    case 'events':
      return handleBankEvent(sp, ctx, row.payload as BankEventPayload);
  }
}

export function inboxHandler(ctx: PipelineContext): InboxHandler {
  return (tx, row) => withConflictRetry(tx, (sp) => handle(sp, ctx, row));
}
