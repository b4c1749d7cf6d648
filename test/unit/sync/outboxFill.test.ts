import { afterEach, describe, expect, it } from 'vitest';
import type { TagMeta } from '../../../shared/domain.js';
import type { IngestEvent } from '../../../electron/connectivity/ingestEvents.js';
import { OUTBOX_FILL_TAG, OutboxFillTag } from '../../../electron/sync/outboxFill.js';
import { alarmHarness, type AlarmHarness } from '../../helpers/alarmHarness.js';

const LEVEL = `${OUTBOX_FILL_TAG}#level`;

/** The fill tag's ingest events go to a real alarm engine as ingest would pass them on. */
function wire(h: AlarmHarness) {
  const events: IngestEvent[] = [];
  const tag = new OutboxFillTag({
    accept(event) {
      events.push(event);
      if (event.kind === 'tags') for (const meta of event.tags) h.addTag(meta.id, undefined, meta);
      if (event.kind === 'samples') for (const s of event.samples) h.sample(s.tag, s.value, s.quality);
    },
  });
  return { tag, events };
}

describe('OutboxFillTag', () => {
  let h: AlarmHarness;
  afterEach(() => h.stop());

  it('raises a medium alarm from the warning share on and a high one at the limit', async () => {
    h = alarmHarness();
    await h.start();
    const { tag } = wire(h);
    tag.write(50, 80, h.clock.wall);
    expect(h.alarm(LEVEL).active).toBe(false);
    tag.write(81.3, 80, h.clock.wall);
    expect(h.alarm(LEVEL)).toMatchObject({ active: true, level: 'H', priority: 'medium' });
    tag.write(100, 80, h.clock.wall);
    expect(h.alarm(LEVEL)).toMatchObject({ active: true, level: 'HH', priority: 'high' });
    tag.write(10, 80, h.clock.wall);
    expect(h.alarm(LEVEL).active).toBe(false);
  });

  it('describes the tag again when the warning share changes, and only then', async () => {
    h = alarmHarness();
    await h.start();
    const { tag, events } = wire(h);
    tag.write(10, 80, 1);
    tag.write(11, 80, 2);
    tag.write(75, 70, 3);
    const described = events.filter((e): e is Extract<IngestEvent, { kind: 'tags' }> => e.kind === 'tags');
    expect(described.map((e) => (e.tags[0] as TagMeta).limits)).toEqual([
      [
        { kind: 'H', value: 80 },
        { kind: 'HH', value: 100 },
      ],
      [
        { kind: 'H', value: 70 },
        { kind: 'HH', value: 100 },
      ],
    ]);
    expect(h.alarm(LEVEL)).toMatchObject({ active: true, level: 'H' });
    expect(described[0]!.device).toMatchObject({ id: 'system/sync', protocol: 'system' });
  });
});
