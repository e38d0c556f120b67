import fc from 'fast-check';
import { distance } from 'fastest-levenshtein';
import { didYouMean } from '../../../src/config/suggest';

// Identifiers as the YAML uses them: lower-case words joined by single underscores.
const word = fc.stringMatching(/^[a-z]{3,8}(_[a-z]{2,6})?$/);

describe('didYouMean', () => {
  it('finds the intended word for typical typos', () => {
    const strategies = ['round_robin', 'weighted', 'least_loaded'];
    expect(didYouMean('round-robin', strategies)).toBe('round_robin');
    expect(didYouMean('Least_Loaded', strategies)).toBe('least_loaded');
    expect(didYouMean('wieghted', strategies)).toBe('weighted');
    expect(didYouMean('evanstn', ['nyc_midtown', 'evanston', 'pasadena'])).toBe('evanston');
  });

  it('stays quiet when nothing is close', () => {
    expect(didYouMean('cd', ['heloc', 'mortgage'])).toBeUndefined();
    expect(didYouMean('banana', ['round_robin', 'weighted'])).toBeUndefined();
    expect(didYouMean('', ['a'])).toBeUndefined();
  });

  it('one edit away from a known word always gets a suggestion at least as close as that word (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('a', 'e', 'z'),
        fc.constantFrom('substitute', 'delete', 'insert'),
        (candidates, pick, at, letter, edit) => {
          const target = candidates[pick % candidates.length] as string;
          const i = at % target.length;
          const typo =
            edit === 'delete' ? target.slice(0, i) + target.slice(i + 1)
            : edit === 'insert' ? target.slice(0, i) + letter + target.slice(i)
            : target.slice(0, i) + letter + target.slice(i + 1);
          const s = didYouMean(typo, candidates);
          expect(s).toBeDefined();
          expect(candidates).toContain(s);
          expect(distance(typo, s as string)).toBeLessThanOrEqual(distance(typo, target));
        },
      ),
    );
  });

  it('never suggests a word further than a third of the length (property)', () => {
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 12 }), (typo, candidates) => {
        const s = didYouMean(typo, candidates);
        if (s !== undefined) expect(distance(typo, s)).toBeLessThanOrEqual(Math.max(1, Math.floor(typo.length / 3)));
      }),
    );
  });
});
