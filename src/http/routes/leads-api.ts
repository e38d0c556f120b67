import { timingSafeEqual } from 'node:crypto';
import express from 'express';
import { exportAudit } from '../../engine/audit';
import type { AuditRecord } from '../../engine/audit';
import { pendingTimers } from '../../engine/timers';
import type { Db } from '../../store/db';

/**
 * GET /api/leads/:id — one lead and its audit trail, for `handoff explain`, the dashboard and an
 * operator's curl. `:id` is Handoff's lead id, the HubSpot contact id or the Salesforce Lead id.
 * The answer holds personal data (the canonical fields), so it takes the same bearer token as the
 * events API; without one configured the route is closed.
 */
function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '', 'utf8');
  const expected = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface LeadRow {
  id: string;
  hubspot_contact_id: string | null;
  salesforce_lead_id: string | null;
  state: string;
  kind: string | null;
  segment: string | null;
  product: string | null;
  owner_id: string | null;
  owner_kind: string | null;
  branch_id: string | null;
  attempt: number;
  recycle_count: number;
  data: { sync?: { fields?: Record<string, { value: unknown }> }; gov?: { timestamps?: Record<string, string>; score?: number }; pending?: Record<string, unknown> };
  consent: Record<string, unknown>;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export function leadsApiRouter(opts: { db: Db; token: string | undefined }): express.Router {
  const router = express.Router();
  router.get('/api/leads/:id', async (req, res, next) => {
    try {
      if (!opts.token || !tokenMatches(req.get('authorization'), opts.token)) {
        res.status(401).json({ error: { code: 'UNAUTHORIZED', message: opts.token ? 'a valid bearer token is required' : 'the leads API is off: set EVENTS_API_TOKEN' } });
        return;
      }
      const key = String(req.params.id ?? '');
      if (key.length === 0 || key.length > 100) {
        res.status(400).json({ error: { code: 'BAD_LEAD_ID', message: 'name the lead by its id, HubSpot contact id or Salesforce Lead id' } });
        return;
      }
      const { rows } = await opts.db.query<LeadRow>(
        'SELECT * FROM leads WHERE id = $1 OR hubspot_contact_id = $1 OR salesforce_lead_id = $1 ORDER BY created_at LIMIT 1',
        [key],
      );
      const lead = rows[0];
      if (!lead) {
        res.status(404).json({ error: { code: 'LEAD_NOT_FOUND', message: 'no lead has that id, HubSpot contact id or Salesforce Lead id' } });
        return;
      }
      const audit: AuditRecord[] = [];
      for await (const r of (await exportAudit(opts.db, { leadId: lead.id })).rows) audit.push(r);
      const timers = await pendingTimers(opts.db, lead.id);
      const outbox = await opts.db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM outbox WHERE lead_id = $1 GROUP BY status', [lead.id]);
      res.json({
        lead: {
          id: lead.id,
          state: lead.state,
          hubspotContactId: lead.hubspot_contact_id,
          salesforceLeadId: lead.salesforce_lead_id,
          kind: lead.kind,
          segment: lead.segment,
          product: lead.product,
          owner: lead.owner_id ? { id: lead.owner_id, kind: lead.owner_kind } : null,
          branchId: lead.branch_id,
          attempt: lead.attempt,
          recycleCount: lead.recycle_count,
          score: lead.data.gov?.score ?? null,
          timestamps: { createdAt: lead.created_at, updatedAt: lead.updated_at, ...lead.data.gov?.timestamps },
          fields: Object.fromEntries(Object.entries(lead.data.sync?.fields ?? {}).map(([k, v]) => [k, v.value])),
          consent: lead.consent,
          version: lead.version,
        },
        timers: timers.map((t) => ({ kind: t.kind, dueAt: t.dueAt })),
        outbox: Object.fromEntries(outbox.rows.map((r) => [r.status, r.n])),
        audit: audit.map((a) => ({ seq: a.seq, at: a.at, actor: a.actor, type: a.type, summary: a.summary, data: a.data, hash: a.hash })),
      });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
