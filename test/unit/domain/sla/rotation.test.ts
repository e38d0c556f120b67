import { decideRestore, takenOutOfRotation } from '../../../../src/domain/sla';
import { assertDecision } from '../../../../src/domain/decision';
import { config, lead } from '../routing/fixtures';

/** 19:30 on Tuesday 10 March 2026 in Chicago: already Wednesday in UTC. */
const EVENING = new Date('2026-03-11T00:30:00Z');
const out = { ownerId: 'tomas_rivera', consecutive: 3, outOfRotation: true, since: EVENING.toISOString() };

describe('takenOutOfRotation: the breach that ends a streak tells the manager', () => {
  // The lead whose breach did it, already reassigned to Michael Brooks.
  const l = lead({ state: 'routed', product: 'mortgage', owner: { kind: 'rm', id: 'michael_brooks' }, attempt: 2, ownersSoFar: ['tomas_rivera', 'michael_brooks'] });
  const d = takenOutOfRotation({ lead: l, streak: out, limit: 3, attempt: 1, config, now: EVENING });

  it('writes a Task for the owner\'s manager (by their branch) saying so and how to restore them', () => {
    expect(d.writes.tasks).toEqual([
      {
        key: 'L-1:out_of_rotation:1',
        assignee: { kind: 'manager', name: 'Monica Reyes', salesforceUsername: 'monica.reyes@bank.example' },
        subject: 'Out of rotation: Tomás Rivera let 3 leads in a row miss accept-by',
        description:
          'Tomás Rivera let 3 leads in a row pass their accept-by without accepting or returning them (the limit is 3), so Handoff no longer routes new leads to them; ' +
          'the leads they hold stay with them. To put them back in rotation, ask your Handoff administrator to run: handoff rotation restore tomas_rivera --by "<your name>" --reason "<why>"',
        // Dated in Chicago, as the owner's own Tasks are.
        activityDate: '2026-03-10',
        dueAt: EVENING,
        priority: 'High',
        status: 'Not Started',
      },
    ]);
  });

  it('changes nothing about the lead, and puts the event on its trail', () => {
    expect(d.newState).toBeNull();
    expect(d.timers).toEqual([]);
    expect(d.owner).toBeUndefined();
    expect(() => assertDecision('routed', d)).not.toThrow();
    expect(d.audit).toEqual({
      type: 'taken_out_of_rotation',
      explanation: { owner: 'tomas_rivera', consecutive: 3, limit: 3, since: EVENING.toISOString(), manager: 'Monica Reyes' },
      summary: 'Tomás Rivera is out of rotation: 3 leads in a row missed accept-by (limit 3); Monica Reyes is told in a Salesforce Task. Restore with `handoff rotation restore tomas_rivera`',
    });
  });

  it('falls back to the default manager for an RM whose home has none', () => {
    const jordan = takenOutOfRotation({ lead: l, streak: { ...out, ownerId: 'jordan_taylor' }, limit: 3, attempt: 1, config: { ...config, sla: { ...config.sla, managers: { ...config.sla.managers, queues: {} } } }, now: EVENING });
    expect(jordan.writes.tasks?.[0]?.assignee).toEqual({ kind: 'manager', name: 'Dana Whitfield', salesforceUsername: 'dana.whitfield@bank.example' });
  });
});

describe('decideRestore', () => {
  it('clears the streak and records who restored them and why', () => {
    const r = decideRestore({ ownerId: 'tomas_rivera', current: out, by: 'Monica Reyes', reason: 'coached on the accept Task' });
    expect(r).toEqual({
      ok: true,
      streak: { ownerId: 'tomas_rivera', consecutive: 0, outOfRotation: false },
      audit: {
        type: 'restored_to_rotation',
        explanation: { owner: 'tomas_rivera', by: 'Monica Reyes', reason: 'coached on the accept Task', outSince: EVENING.toISOString(), consecutive: 3 },
        summary: `tomas_rivera restored to rotation by Monica Reyes: coached on the accept Task; out since ${EVENING.toISOString()} after 3 missed accept-by deadlines in a row`,
      },
    });
  });

  it('refuses an owner who is not out of rotation, as a value', () => {
    const refusal = { ok: false, code: 'NOT_OUT_OF_ROTATION', message: 'tomas_rivera is not out of rotation: nothing to restore (`handoff rotation list` shows who is)' };
    expect(decideRestore({ ownerId: 'tomas_rivera', current: undefined, by: 'x', reason: null })).toEqual(refusal);
    expect(decideRestore({ ownerId: 'tomas_rivera', current: { ownerId: 'tomas_rivera', consecutive: 2, outOfRotation: false }, by: 'x', reason: null })).toEqual(refusal);
  });
});
