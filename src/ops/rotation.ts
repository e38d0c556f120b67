/**
 * `handoff rotation`: who a breach streak took out of rotation, and putting one back. A restore
 * is one transaction: the owner's streak row is locked, decided on (decideRestore), cleared, and
 * the audit event naming who restored them and why is appended, or nothing is.
 */
import type { Clock } from '../domain/clock';
import { decideRestore } from '../domain/sla';
import { appendAudit } from '../engine/audit';
import { listOutOfRotation, loadStreak, saveStreak } from '../engine/pipeline/routing-state';
import { HandoffError } from '../errors';
import type { Db } from '../store/db';
import type { Names } from './names';

export interface RotationEntry {
  rm: string;
  name: string;
  /** ISO time they were taken out; null when not recorded. */
  since: string | null;
  /** Missed accept-by deadlines in a row. */
  breaches: number;
}

export async function rotationList(db: Db, names: Names): Promise<RotationEntry[]> {
  return (await listOutOfRotation(db)).map((r) => ({ rm: r.ownerId, name: names.short(r.ownerId), since: r.since?.toISOString() ?? null, breaches: r.consecutive }));
}

export function renderRotationList(entries: readonly RotationEntry[]): string {
  if (entries.length === 0) return 'every RM is in rotation';
  const lines = entries.map((e) => `${e.rm}  ${e.name}  out since ${e.since ?? 'an unknown time'}, after ${e.breaches} missed accept-by deadline${e.breaches === 1 ? '' : 's'} in a row`);
  return [`${entries.length} RM${entries.length === 1 ? '' : 's'} out of rotation (routing passes them over):`, ...lines.map((l) => `  ${l}`), '', 'Put one back: handoff rotation restore RM_ID --by NAME --reason TEXT'].join('\n');
}

export interface RestoreRequest {
  rmId: string;
  /** Who restores them, for the audit trail (the manager, or the operator acting for them). */
  by: string;
  reason: string | null;
  /** Who ran the command (operator:<login>): the audit event's actor. */
  actor: string;
}

export interface RestoreResult {
  rm: string;
  since: string | null;
  breaches: number;
  by: string;
  reason: string | null;
  auditSeq: number;
}

export async function restoreRotation(db: Db, clock: Clock, req: RestoreRequest): Promise<RestoreResult> {
  return db.transaction(async (tx) => {
    const current = await loadStreak(tx, req.rmId);
    const out = decideRestore({ ownerId: req.rmId, current, by: req.by, reason: req.reason });
    if (!out.ok) throw new HandoffError(out.code, out.message);
    await saveStreak(tx, out.streak, clock.now());
    const event = await appendAudit(tx, clock, { leadId: null, type: out.audit.type, actor: req.actor, summary: out.audit.summary, data: out.audit.explanation });
    return { rm: req.rmId, since: current?.since ?? null, breaches: current?.consecutive ?? 0, by: req.by, reason: req.reason, auditSeq: event.seq };
  });
}
