import { describe, expect, it } from 'vitest';
import { LruCache } from '../../src/core/lruCache';

describe('LruCache', () => {
  it('keeps the most recently used entries up to its capacity', () => {
    const cache = new LruCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3); // drops b
    expect(cache.has('b')).toBe(false);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    cache.set('a', 10); // replacing refreshes, never grows
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBe(10);
  });

  it('stores nothing with capacity 0', () => {
    const cache = new LruCache<number>(0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});

describe('LruCache with weights', () => {
  it('keeps the most recent entries whose weights fit, and refuses one heavier than all of it', () => {
    const cache = new LruCache<number[]>(10, (v) => v.length);
    cache.set('a', [1, 2, 3, 4]);
    cache.set('b', [1, 2, 3, 4]);
    cache.get('a'); // a is now the most recent
    cache.set('c', [1, 2, 3]); // 11 > 10: drops b, the least recently used
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
    cache.set('huge', new Array<number>(11).fill(0)); // heavier than the capacity: not stored
    expect([cache.has('huge'), cache.size]).toEqual([false, 2]);
    cache.set('a', [1]); // replacing gives back the old weight: 1 + 3, room for 6 more
    cache.set('d', [1, 2, 3, 4, 5, 6]);
    expect([cache.has('a'), cache.has('c'), cache.has('d')]).toEqual([true, true, true]);
  });
});
