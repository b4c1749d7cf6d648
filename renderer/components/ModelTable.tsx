import type { ModelStatus } from '../../shared/models.js';
import { formatAge } from '../format/duration.js';
import { formatDateTime } from '../format/time.js';
import { formatLatency, formatPerSecond, modelSource, STATE_WORDS } from '../stores/modelsStore.js';

function ModelRow({
  status,
  now,
  selected,
  onSelect,
}: {
  status: ModelStatus;
  now: number;
  selected: boolean;
  onSelect: () => void;
}) {
  const { binding, stats } = status;
  return (
    <tr
      className={`model-row state-${status.state}`}
      data-testid="model-row"
      data-model-id={binding.id}
      data-state={status.state}
      aria-selected={selected}
    >
      <th scope="row">
        <button type="button" className="link-button" onClick={onSelect} aria-pressed={selected}>
          {binding.id}
        </button>
      </th>
      <td>
        <span className="model-state">{STATE_WORDS[status.state]}</span>
        {status.message && (
          <span className="model-message" data-testid="model-message">
            {' '}
            {status.message}
          </span>
        )}
      </td>
      <td>{modelSource(status)}</td>
      <td className="num" data-testid="model-rate">
        {formatPerSecond(stats.perSecond)}
      </td>
      <td className="num">{formatLatency(stats.latencyP50Ms)}</td>
      <td className="num">{formatLatency(stats.latencyP99Ms)}</td>
      <td className="num" data-testid="model-errors">
        {stats.errors}
      </td>
      <td title={stats.lastRunMs === null ? undefined : formatDateTime(stats.lastRunMs)}>
        {formatAge(stats.lastRunMs, now)}
      </td>
    </tr>
  );
}

/** Every binding: state in words (with the failure's message), model, rate, latency, errors. */
export function ModelTable({
  models,
  now,
  selected,
  onSelect,
}: {
  models: readonly ModelStatus[];
  now: number;
  selected: string | null;
  onSelect: (id: string | null) => void;
}) {
  return (
    <table className="model-table" data-testid="model-table">
      <thead>
        <tr>
          <th scope="col">Binding</th>
          <th scope="col">State</th>
          <th scope="col">Model</th>
          <th scope="col">Inferences</th>
          <th scope="col">p50</th>
          <th scope="col">p99</th>
          <th scope="col">Errors</th>
          <th scope="col">Last run</th>
        </tr>
      </thead>
      <tbody>
        {models.map((status) => (
          <ModelRow
            key={status.binding.id}
            status={status}
            now={now}
            selected={status.binding.id === selected}
            onSelect={() => onSelect(status.binding.id === selected ? null : status.binding.id)}
          />
        ))}
      </tbody>
    </table>
  );
}
