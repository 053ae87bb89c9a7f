// A small seeded PRNG (mulberry32) and the few helpers the demo generators need. The demo
// data must be the same on every machine and every run for a given seed, so that a test, a
// benchmark and a screenshot all see the same catalogue; Math.random() cannot give that.

export type Random = () => number;

/** mulberry32: 32-bit state, period 2^32, fast and good enough for fake data. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], both inclusive. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick() needs at least one item');
  return items[Math.floor(random() * items.length)]!;
}

/** Picks by weight: weights[i] is the relative chance of items[i]. */
export function pickWeighted<T>(random: Random, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let threshold = random() * total;
  for (let index = 0; index < items.length; index += 1) {
    threshold -= weights[index]!;
    if (threshold < 0) return items[index]!;
  }
  return items[items.length - 1]!;
}

/** A shuffled copy (Fisher–Yates). */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/** Lowercase hex of `length` characters, e.g. a fake sha256 when length is 64. */
export function randomHex(random: Random, length: number): string {
  let hex = '';
  while (hex.length < length)
    hex += Math.floor(random() * 4294967296)
      .toString(16)
      .padStart(8, '0');
  return hex.slice(0, length);
}
