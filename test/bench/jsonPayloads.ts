/**
 * The single-value JSON messages of the JSON ingest bench, shared by its publisher process and
 * its in-process decode measurement so that both handle the same bytes: 10,000 topics in the
 * shipped `factory/<area>/<device>/<tag>` form, each message a value, a unit, a time and a seq.
 */
export function benchTopics(): string[] {
  const topics: string[] = [];
  for (let d = 0; d < 100; d++)
    for (let t = 0; t < 100; t++) topics.push(`factory/area${d % 10}/dev${d}/tag${t}`);
  return topics;
}

export function benchPayload(seq: number, isoTime: string): string {
  return `{"value":${(seq % 1000) / 10},"unit":"bar","ts":"${isoTime}","seq":${seq}}`;
}
