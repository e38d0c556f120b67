/**
 * How a simulated RM behaves: probabilities for each choice and delays in working minutes (time
 * the RM's calendar is open). Each RM's policy is drawn from the sandbox seed within realistic
 * ranges, so RMs differ from each other but a seed always gives the same people; options can
 * override any field for every RM or for one.
 */
import { RETURN_REASON_VALUES } from '../../connectors/handoff-schema';
import { Rng } from '../random';

/** [min, max] working minutes; the delay is drawn uniformly between them. */
export type MinutesRange = readonly [number, number];

export interface RmPolicy {
  /** Weights of the answer to a new lead: accept, return with a reason, or never answer (the SLA breaches). */
  accept: number;
  return: number;
  ignore: number;
  /** From assignment to the answer. */
  answerMinutes: MinutesRange;
  /** Weights of the Return_Reason__c values (picklist API names); absent ones weigh 1. */
  returnReasons: Readonly<Record<string, number>>;
  /** After accepting: chance of calling, when, chance the call connects, attempts before giving up. */
  call: number;
  callMinutes: MinutesRange;
  connect: number;
  callAttempts: number;
  /** After a connected call: chance of booking a meeting, how far ahead it is, how long. */
  meeting: number;
  meetingLeadMinutes: MinutesRange;
  meetingDurationMinutes: number;
  /** Chance the prospect shows up. */
  meetingKept: number;
  /** After a kept meeting: chance of converting the Lead (Opportunity at Application Started), and when. */
  convert: number;
  convertMinutes: MinutesRange;
  /** Application Started → Approved (else Closed Lost), and Approved → Funded (else Closed Lost). */
  approve: number;
  approveMinutes: MinutesRange;
  fund: number;
  fundMinutes: MinutesRange;
}

export type RmPolicyOverrides = Partial<RmPolicy>;

const round = (x: number, step = 0.01) => Math.round(x / step) * step;

/** The seeded policy of one RM (by roster id), with overrides applied on top: defaults first, then the RM's own. */
export function policyFor(seed: number, rmId: string, defaults: RmPolicyOverrides = {}, own: RmPolicyOverrides = {}): RmPolicy {
  const r = Rng.derive(seed, 'rm-policy', rmId);
  const minutes = (lo: [number, number], spread: [number, number]): MinutesRange => {
    const a = r.int(lo[0], lo[1]);
    return [a, a + r.int(spread[0], spread[1])];
  };
  const reasons: Record<string, number> = {};
  for (const v of RETURN_REASON_VALUES) reasons[v.value] = round(r.between(0.5, 3), 0.1);
  const drawn: RmPolicy = {
    accept: round(r.between(0.55, 0.85)),
    return: round(r.between(0.08, 0.25)),
    ignore: round(r.between(0.03, 0.15)),
    answerMinutes: minutes([5, 30], [20, 150]),
    returnReasons: reasons,
    call: round(r.between(0.8, 1)),
    callMinutes: minutes([5, 60], [30, 180]),
    connect: round(r.between(0.5, 0.9)),
    callAttempts: r.int(2, 4),
    meeting: round(r.between(0.4, 0.8)),
    meetingLeadMinutes: minutes([240, 480], [240, 960]),
    meetingDurationMinutes: r.pick([30, 45, 60]),
    meetingKept: round(r.between(0.6, 0.9)),
    convert: round(r.between(0.5, 0.85)),
    convertMinutes: minutes([15, 120], [60, 480]),
    approve: round(r.between(0.6, 0.9)),
    approveMinutes: minutes([480, 1440], [480, 2400]),
    fund: round(r.between(0.7, 0.95)),
    fundMinutes: minutes([480, 1440], [480, 2400]),
  };
  return { ...drawn, ...defaults, ...own };
}
