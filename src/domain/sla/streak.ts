/**
 * Breach streaks: an owner who lets `limit` leads in a row breach their accept-by leaves the
 * rotation (routing passes them over) until a manager puts them back (`handoff rotation
 * restore`; rotation.ts decides both moves and what they tell). Answering a lead by its
 * accept-by, accepting it or returning it, ends a streak. The engine stores one BreachStreak per
 * owner and passes the RMs out of rotation to routing.
 */
export interface BreachStreak {
  ownerId: string;
  /** Breaches since the last lead answered (accepted or returned) on time. */
  consecutive: number;
  outOfRotation: boolean;
  /** When the owner left the rotation (ISO), for the manager's view. */
  since?: string;
}

export interface StreakResult {
  streak: BreachStreak;
  /** True only on the event that took the owner out (so the engine notifies once). */
  takenOut: boolean;
  summary: string;
}

export function recordBreachStreak(input: { current?: BreachStreak; ownerId: string; event: 'breached' | 'met'; limit: number; now: Date }): StreakResult {
  const cur = input.current ?? { ownerId: input.ownerId, consecutive: 0, outOfRotation: false };
  if (input.event === 'met') {
    // A lead answered on time ends the streak; it does not put someone back in rotation, a manager does.
    const streak = { ...cur, consecutive: 0 };
    return { streak, takenOut: false, summary: `${input.ownerId} answered on time; breach streak reset` };
  }
  const consecutive = cur.consecutive + 1;
  const takenOut = !cur.outOfRotation && consecutive >= input.limit;
  const streak: BreachStreak = {
    ...cur,
    consecutive,
    outOfRotation: cur.outOfRotation || takenOut,
    ...(takenOut ? { since: input.now.toISOString() } : {}),
  };
  const summary = takenOut
    ? `${input.ownerId} let ${consecutive} leads in a row breach (limit ${input.limit}) and is out of rotation until a manager restores them`
    : `${input.ownerId} breach streak ${consecutive} of ${input.limit}`;
  return { streak, takenOut, summary };
}

/** A manager puts the owner back: in rotation, streak cleared. */
export function restoreToRotation(current: BreachStreak): BreachStreak {
  return { ownerId: current.ownerId, consecutive: 0, outOfRotation: false };
}

/** The RM ids routing must pass over. */
export function outOfRotation(streaks: Iterable<BreachStreak>): string[] {
  return [...streaks].filter((s) => s.outOfRotation).map((s) => s.ownerId).sort();
}
