import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from './random.js';

describe('Random', () => {
  it('repeats its sequence for the same seed', () => {
    const a = new Random(123);
    const b = new Random(123);
    for (let index = 0; index < 100; index += 1) assert.equal(a.next(), b.next());
    assert.notEqual(new Random(124).next(), new Random(123).next());
  });

  it('keeps int, float, pick, subset and hex within their ranges', () => {
    const random = new Random(1);
    for (let index = 0; index < 1000; index += 1) {
      const value = random.int(-3, 3);
      assert.ok(Number.isInteger(value) && value >= -3 && value <= 3);
      const float = random.float(2, 5);
      assert.ok(float >= 2 && float < 5);
      assert.ok(['a', 'b'].includes(random.pick(['a', 'b'])));
      const subset = random.subset([1, 2, 3, 4], 1, 2);
      assert.ok(subset.length >= 1 && subset.length <= 2 && new Set(subset).size === subset.length);
      assert.match(random.hex(7), /^[0-9a-f]{7}$/);
    }
  });

  it('follows weights and never picks a zero weight', () => {
    const random = new Random(9);
    const counts = new Map<string, number>();
    for (let index = 0; index < 10_000; index += 1) {
      const value = random.weighted([['often', 9], ['rare', 1], ['never', 0]] as const);
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    assert.equal(counts.get('never'), undefined);
    const rare = counts.get('rare') ?? 0;
    assert.ok(rare > 800 && rare < 1200, `rare picked ${rare} times`);
  });

  it('rejects empty choices and inverted ranges', () => {
    const random = new Random(0);
    assert.throws(() => random.pick([]), RangeError);
    assert.throws(() => random.weighted([]), RangeError);
    assert.throws(() => random.int(2, 1), RangeError);
  });
});
