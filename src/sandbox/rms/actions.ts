/**
 * What a simulated RM does in Salesforce, each through the REST API with the RM's own session
 * (jsforce), so every record shows the RM as LastModifiedById. Lead writes send
 * `Sforce-Auto-Assign: FALSE`, as any client must that does not want the org's assignment rule to
 * take the Lead away. Failures throw; the simulator reports them and tries again later.
 */
import { Connection } from 'jsforce';
import type { SaveResult } from 'jsforce';
import { HandoffError } from '../../errors';

const NO_AUTO_ASSIGN = { headers: { 'Sforce-Auto-Assign': 'FALSE' } };

function saved(r: SaveResult | SaveResult[], what: string): string {
  const one = Array.isArray(r) ? r[0] : r;
  if (!one || !one.success) {
    const errors = one && !one.success ? one.errors.map((e) => `${e.errorCode}: ${e.message}`).join('; ') : 'no result';
    throw new HandoffError('SANDBOX_RM_WRITE_FAILED', `${what} was rejected: ${errors}`);
  }
  return one.id ?? '';
}

export interface CallLog {
  leadId: string;
  connected: boolean;
  activityDate: string;
  durationSeconds: number;
  attempt: number;
}

export interface MeetingBooking {
  leadId: string;
  start: Date;
  durationMinutes: number;
  location: string;
}

export interface Conversion {
  leadId: string;
  opportunityName: string;
  amount: number;
  closeDate: string;
}

export class RmSession {
  private readonly conn: Connection;

  constructor(
    private readonly instanceUrl: string,
    accessToken: string,
  ) {
    this.conn = new Connection({ instanceUrl, accessToken, version: '62.0' });
  }

  async acceptLead(leadId: string): Promise<void> {
    saved(await this.conn.sobject('Lead').update({ Id: leadId, Handoff_Status__c: 'Accepted' }, NO_AUTO_ASSIGN), 'Accepting the lead');
  }

  /** A queue member takes the lead from the queue and accepts it, in one save as the Accept button would. */
  async takeAndAcceptLead(leadId: string, userId: string): Promise<void> {
    saved(await this.conn.sobject('Lead').update({ Id: leadId, OwnerId: userId, Handoff_Status__c: 'Accepted' }, NO_AUTO_ASSIGN), 'Taking the lead from the queue');
  }

  async returnLead(leadId: string, reason: string): Promise<void> {
    saved(await this.conn.sobject('Lead').update({ Id: leadId, Handoff_Status__c: 'Returned', Return_Reason__c: reason }, NO_AUTO_ASSIGN), 'Returning the lead');
  }

  async markContacted(leadId: string): Promise<void> {
    saved(await this.conn.sobject('Lead').update({ Id: leadId, Status: 'Working - Contacted' }, NO_AUTO_ASSIGN), 'Updating the lead status');
  }

  /** A completed call Task on the Lead. */
  async logCall(c: CallLog): Promise<string> {
    const result = await this.conn.sobject('Task').create({
      WhoId: c.leadId,
      Subject: 'Call',
      Type: 'Call',
      TaskSubtype: 'Call',
      CallType: 'Outbound',
      Status: 'Completed',
      Priority: 'Normal',
      ActivityDate: c.activityDate,
      CallDisposition: c.connected ? 'Connected' : 'Left voicemail',
      CallDurationInSeconds: c.durationSeconds,
      Description: c.connected ? `Spoke with the prospect (attempt ${c.attempt}).` : `No answer; left a voicemail (attempt ${c.attempt}).`,
    });
    return saved(result, 'Logging the call');
  }

  async bookMeeting(m: MeetingBooking): Promise<string> {
    const result = await this.conn.sobject('Event').create({
      WhoId: m.leadId,
      Subject: 'Meeting',
      Type: 'Meeting',
      StartDateTime: m.start.toISOString(),
      DurationInMinutes: m.durationMinutes,
      Location: m.location,
      Description: 'Appointment booked on the first call.',
    });
    return saved(result, 'Booking the meeting');
  }

  /** After the meeting: Subject `Meeting - Held` or `Meeting - No Show` (what the sync engine reads as kept or missed). */
  async recordMeetingOutcome(eventId: string, kept: boolean): Promise<void> {
    const fields = kept
      ? { Subject: 'Meeting - Held', Description: 'Outcome: Held. The prospect came to the appointment.' }
      : { Subject: 'Meeting - No Show', Description: 'Outcome: No Show. The prospect did not come.' };
    saved(await this.conn.sobject('Event').update({ Id: eventId, ...fields }), 'Recording the meeting outcome');
  }

  /** Lead convert has no REST resource; the emulator offers one for the acting user's session. */
  async convertLead(c: Conversion): Promise<{ opportunityId: string; accountId: string; contactId: string }> {
    const r = await this.conn.requestPost<{ success: boolean; opportunityId: string | null; accountId: string; contactId: string }>(
      `${this.instanceUrl}/sandbox/salesforce/convertLead`,
      { leadId: c.leadId, opportunityName: c.opportunityName, amount: c.amount, stageName: 'Application Started', closeDate: c.closeDate },
    );
    if (!r.success || !r.opportunityId) throw new HandoffError('SANDBOX_RM_WRITE_FAILED', 'Converting the lead made no opportunity');
    return { opportunityId: r.opportunityId, accountId: r.accountId, contactId: r.contactId };
  }

  async setStage(opportunityId: string, stage: string, extra: { Amount?: number; CloseDate?: string } = {}): Promise<void> {
    saved(await this.conn.sobject('Opportunity').update({ Id: opportunityId, StageName: stage, ...extra }), `Moving the opportunity to ${stage}`);
  }
}
