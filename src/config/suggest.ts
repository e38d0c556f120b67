import { distance } from 'fastest-levenshtein';

/**
 * The closest candidate to a misspelt word, or undefined when nothing is close enough to be a
 * plausible typo. Case and the separators `_ - space` are ignored first, so "Round-Robin" finds
 * "round_robin" at distance 0. "Close enough" grows with the word: one edit for short words,
 * up to a third of the length for long ones, so "cd" does not suggest "heloc".
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = normalise(word);
  if (w.length === 0) return undefined;
  const limit = Math.max(1, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(w, normalise(c));
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[\s_-]+/g, '_');
}

/** `(did you mean "x"?)` with a leading space, or '' — to append to a message. */
export function didYouMeanSuffix(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}

/** "a, b or c"; long lists are cut so a message stays one readable line. */
export function listWords(words: readonly string[], max = 12): string {
  const shown = words.slice(0, max);
  const rest = words.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}
