import {
  LEAD_STATES,
  TERMINAL_STATES,
  assertTransition,
  canTransition,
  isLeadState,
  type LeadState,
} from '../../../src/domain/lifecycle';
import { HandoffError } from '../../../src/errors';

// The specification, written out independently of the table in src: every allowed move.
const exits: LeadState[] = ['disqualified', 'closed_lost'];
const engagement: LeadState[] = [
  'accepted', 'contacted', 'appointment_set', 'appointment_kept', 'application_started', 'approved', 'funded',
];
const forwardFrom = (s: LeadState): LeadState[] => engagement.slice(engagement.indexOf(s) + 1);

const allowed: Record<LeadState, LeadState[]> = {
  captured: ['ready', 'blocked', ...exits],
  blocked: ['ready', ...exits],
  ready: ['routed', 'blocked', 'application_started', ...exits],
  routed: ['accepted', 'returned', 'reassigned', 'escalated', ...forwardFrom('accepted'), ...exits],
  reassigned: ['routed', 'escalated', ...exits],
  escalated: ['routed', 'accepted', 'returned', ...forwardFrom('accepted'), ...exits],
  returned: ['recycled', 'routed', ...exits],
  recycled: ['ready', ...exits],
  accepted: [...forwardFrom('accepted'), 'returned', ...exits],
  contacted: [...forwardFrom('contacted'), 'returned', ...exits],
  appointment_set: [...forwardFrom('appointment_set'), 'returned', ...exits],
  appointment_kept: [...forwardFrom('appointment_kept'), 'returned', ...exits],
  application_started: [...forwardFrom('application_started'), ...exits],
  approved: ['funded', ...exits],
  // Closed: only a new inquiry reopens them, as a new round with marketing.
  funded: ['recycled'],
  disqualified: ['recycled'],
  closed_lost: ['recycled'],
};

const allowedPairs = (Object.keys(allowed) as LeadState[]).flatMap((from) =>
  allowed[from].map((to) => [from, to] as const),
);

describe('lead lifecycle', () => {
  it('knows exactly the 17 canonical states', () => {
    expect([...LEAD_STATES].sort()).toEqual(Object.keys(allowed).sort());
    expect(LEAD_STATES).toHaveLength(17);
  });

  it.each(allowedPairs)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it('allows nothing beyond the specification', () => {
    const all = LEAD_STATES.flatMap((from) => LEAD_STATES.map((to) => [from, to] as const));
    const permitted = all.filter(([f, t]) => canTransition(f, t));
    expect(permitted).toHaveLength(allowedPairs.length);
  });

  it.each([
    ['captured', 'routed'],
    ['blocked', 'routed'],
    ['routed', 'ready'],
    ['routed', 'recycled'],
    ['accepted', 'routed'],
    ['contacted', 'accepted'],
    ['appointment_kept', 'appointment_set'],
    ['approved', 'application_started'],
    ['funded', 'closed_lost'],
    ['disqualified', 'ready'],
    ['closed_lost', 'ready'],
    ['funded', 'routed'],
    ['recycled', 'routed'],
    ['reassigned', 'accepted'],
    ['routed', 'routed'],
  ] as [LeadState, LeadState][])('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition(from, to)).toThrow(HandoffError);
  });

  it('opens disqualified and closed_lost from every state that is not final', () => {
    for (const s of LEAD_STATES) {
      const final = TERMINAL_STATES.includes(s);
      expect([s, canTransition(s, 'disqualified'), canTransition(s, 'closed_lost')]).toEqual([s, !final, !final]);
    }
    expect([...TERMINAL_STATES].sort()).toEqual(['closed_lost', 'disqualified', 'funded']);
  });

  it('names both states and the allowed moves in the error', () => {
    let caught: unknown;
    try {
      assertTransition('routed', 'recycled');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(HandoffError);
    const err = caught as HandoffError;
    expect(err.code).toBe('ILLEGAL_TRANSITION');
    expect(err.details).toEqual({ from: 'routed', to: 'recycled' });
    expect(err.message).toMatchInlineSnapshot(
      `"Lead cannot move from routed to recycled (allowed from routed: accepted, returned, reassigned, escalated, contacted, appointment_set, appointment_kept, application_started, approved, funded, disqualified, closed_lost)"`,
    );
    expect(() => assertTransition('funded', 'approved')).toThrow('Lead cannot move from funded to approved (allowed from funded: recycled)');
  });

  it('treats strings that are not states as refused, not as crashes', () => {
    expect(isLeadState('routed')).toBe(true);
    expect(isLeadState('toString')).toBe(false);
    expect(canTransition('nonsense' as LeadState, 'ready')).toBe(false);
    expect(() => assertTransition('nonsense' as LeadState, 'ready')).toThrow(/unknown state/);
  });
});
