/**
 * A small least-recently-used map. The page keeps the last completed results by configuration
 * key (stepping a slider back, or onto a value the look-ahead computed, answers at once), the
 * core its prepared data and drawn weight layers. Values are pure functions of their key, so an
 * entry never goes stale.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  private weight = 0;

  /**
   * At most `capacity` in the units of `weigh` (default: one per entry); a value heavier than
   * the whole capacity is not stored (and drops nothing).
   */
  constructor(
    readonly capacity: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The value, now the most recently used; undefined when absent. */
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores `value` as the most recently used, dropping the least recently used over capacity. */
  set(key: string, value: V): void {
    const w = this.weigh(value);
    if (w > this.capacity) return;
    this.delete(key);
    this.entries.set(key, value);
    this.weight += w;
    while (this.weight > this.capacity) this.delete(this.entries.keys().next().value as string);
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.weight -= this.weigh(old);
  }
}
