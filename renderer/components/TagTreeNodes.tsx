import { memo, useMemo, type KeyboardEvent } from 'react';
import type { TagId } from '../../shared/domain.js';
import { countPens, treePath, type TreeArea, type TreeDevice } from '../stores/tagTree.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { selectPenNumber } from '../stores/trendSelectors.js';
import { trendActions, useTrendStore } from '../stores/trendStore.js';

export interface Expansion {
  isOpen(key: string): boolean;
  toggle(key: string): void;
}

/** A checkbox toggles on Space by itself; Enter does the same here, as operators expect. */
function toggleOnEnter(event: KeyboardEvent<HTMLInputElement>, id: TagId): void {
  if (event.key !== 'Enter') return;
  event.preventDefault();
  trendActions.toggleTag(id);
}

/** A string tag is ticked into the Events panel instead of becoming a pen. */
const TagOption = memo(function TagOption({ id, full }: { id: TagId; full: boolean }) {
  const description = useTagsStore((state) => state.tags[id]?.description ?? '');
  const isText = useTagsStore((state) => state.tags[id]?.dataType === 'string');
  const penNumber = useTrendStore(selectPenNumber(id));
  const listed = useTrendStore((state) => state.eventTags.includes(id));
  const checked = isText ? listed : penNumber > 0;
  return (
    <li>
      <label
        className="pen-option"
        data-testid="pen-option"
        data-tag-id={id}
        title={isText ? `${id}: text, listed under Events` : id}
      >
        <input
          type="checkbox"
          data-tree-item=""
          checked={checked}
          disabled={!isText && full && penNumber === 0}
          onChange={() => trendActions.toggleTag(id)}
          onKeyDown={(event) => toggleOnEnter(event, id)}
        />
        <span className="pen-option-id">{treePath(id).name}</span>
        {penNumber > 0 && <span className="pen-mark">P{penNumber}</span>}
        {isText && <span className="pen-mark event-mark">Events</span>}
        {description && <span className="pen-option-desc">{description}</span>}
      </label>
    </li>
  );
});

/** A group's disclosure button: name, tag count and how many of its tags are pens. */
function GroupButton(props: {
  label: string;
  kind: string;
  tagIds: readonly TagId[];
  open: boolean;
  onToggle: () => void;
}) {
  const { label, kind, tagIds, open, onToggle } = props;
  const pens = useTrendStore((state) => countPens(tagIds, state.pens));
  return (
    <button
      type="button"
      className="tree-toggle"
      data-tree-item=""
      data-testid={`tree-${kind}`}
      aria-expanded={open}
      onClick={onToggle}
    >
      <span className="area-chevron" aria-hidden="true" />
      <span className="tree-name">{label}</span>
      <span className="tree-count">
        {tagIds.length}
        {pens > 0 && ` · ${pens} on trend`}
      </span>
    </button>
  );
}

function DeviceNode({
  device,
  full,
  expansion,
}: {
  device: TreeDevice;
  full: boolean;
  expansion: Expansion;
}) {
  const key = `d:${device.key}`;
  const open = expansion.isOpen(key);
  return (
    <li data-tree-group="" data-device={device.key}>
      <GroupButton
        label={device.name}
        kind="device"
        tagIds={device.tagIds}
        open={open}
        onToggle={() => expansion.toggle(key)}
      />
      {open && (
        <ul className="tree-children">
          {device.tagIds.map((id) => (
            <TagOption key={id} id={id} full={full} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** An area of the tag browser, with its devices and their tags when expanded. */
export function AreaNode({ area, full, expansion }: { area: TreeArea; full: boolean; expansion: Expansion }) {
  const key = `a:${area.name}`;
  const open = expansion.isOpen(key);
  const tagIds = useMemo(() => area.devices.flatMap((device) => device.tagIds), [area]);
  return (
    <li data-tree-group="" data-area={area.name}>
      <GroupButton
        label={area.name}
        kind="area"
        tagIds={tagIds}
        open={open}
        onToggle={() => expansion.toggle(key)}
      />
      {open && (
        <ul className="tree-children">
          {area.devices.map((device) => (
            <DeviceNode key={device.key} device={device} full={full} expansion={expansion} />
          ))}
        </ul>
      )}
    </li>
  );
}
