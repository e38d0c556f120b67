/**
 * Seeded randomness for the sandbox. Every random choice (faults, RM policies, RM behaviour)
 * draws from a stream derived from the sandbox seed and a label naming what it is for, so a
 * run replays exactly and one stream's draws never shift another's.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** FNV-1a over the labels, mixed with the seed: a 32-bit seed for an independent stream. */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  let h = 0x811c9dc5 ^ (seed | 0);
  for (const ch of labels.join('\u0000')) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193);
  }
  // One extra avalanche round so nearby seeds give unrelated streams.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}

export class Rng {
  private readonly gen: RandomGenerator;

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }

  static derive(seed: number, ...labels: (string | number)[]): Rng {
    return new Rng(deriveSeed(seed, ...labels));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.gen, Math.ceil(min), Math.floor(max));
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: no items');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** One of the entries, with probability proportional to its weight (weights ≤ 0 never chosen). */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const usable = entries.filter(([, w]) => w > 0);
    const total = usable.reduce((s, [, w]) => s + w, 0);
    if (usable.length === 0 || total <= 0) throw new Error('Rng.weighted: no positive weight');
    let x = this.float() * total;
    for (const [v, w] of usable) {
      x -= w;
      if (x < 0) return v;
    }
    return usable[usable.length - 1]![0];
  }
}
