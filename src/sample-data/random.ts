/**
 * A small seeded pseudo-random generator (mulberry32) with the helpers the
 * sample-data generators need.
 *
 * Contract: two instances built from the same seed return the same sequence
 * of values on every platform and Node version (only 32-bit integer
 * arithmetic and `Math.imul` are used). Not suitable for cryptography.
 */
export class Random {
  private state: number;

  /** @param seed any finite number; it is truncated to 32 bits. */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float uniformly distributed in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer uniformly distributed in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`int(${min}, ${max}) needs integers with min <= max`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float uniformly distributed in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability `p` (0..1). */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array, each equally likely. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick() needs a non-empty array');
    return item;
  }

  /**
   * One value of a non-empty list of `[value, weight]` pairs, chosen with
   * probability proportional to its (non-negative) weight.
   */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    if (!(total > 0)) throw new RangeError('weighted() needs a positive total weight');
    let roll = this.next() * total;
    for (const [value, weight] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = choices[choices.length - 1];
    if (last === undefined) throw new RangeError('weighted() needs a non-empty list');
    return last[0];
  }

  /** Between `min` and `max` distinct elements of `items`, in their original order. */
  subset<T>(items: readonly T[], min: number, max: number): T[] {
    const wanted = this.int(Math.min(min, items.length), Math.min(max, items.length));
    const chosen = new Set<number>();
    while (chosen.size < wanted) chosen.add(this.int(0, items.length - 1));
    return items.filter((_, index) => chosen.has(index));
  }

  /** `length` lowercase hexadecimal digits. */
  hex(length: number): string {
    let out = '';
    while (out.length < length) {
      out += Math.floor(this.next() * 0x10000).toString(16).padStart(4, '0');
    }
    return out.slice(0, length);
  }
}
