/**
 * A set that forgets its oldest keys past a capacity: which actions were already received or
 * delivered. QoS 1 may deliver a message twice and an action may arrive both in its own message
 * and inside an alarm's state; older duplicates than the capacity covers are not expected.
 */
export class RecentKeys {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Adds a key; false if it was there already. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.values().next().value as string);
    return true;
  }
}
