/**
 * MQTT topic-filter arithmetic (MQTT 3.1.1 §4.7): whether a filter matches a topic, and the
 * smallest set of filters that still covers every topic of a list. Subscribing to both
 * `plant/#` and `plant/+/temp` would make some brokers deliver a message twice.
 */
export function filterMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Whether every topic `inner` matches is matched by `outer`. */
export function covers(outer: string, inner: string): boolean {
  const o = outer.split('/');
  const n = inner.split('/');
  for (let i = 0; i < o.length; i++) {
    if (o[i] === '#') return true;
    if (i >= n.length || n[i] === '#') return false;
    if (o[i] !== '+' && (o[i] !== n[i] || n[i] === '+')) return false;
  }
  return o.length === n.length;
}

/** The filters of a list that no other filter of it covers, without duplicates, in first-seen order. */
export function coveringFilters(filters: readonly string[]): string[] {
  const unique = [...new Set(filters)];
  return unique.filter((filter) => !unique.some((other) => other !== filter && covers(other, filter)));
}
