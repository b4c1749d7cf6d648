import type { StreamBacklog } from '../../shared/sync.js';
import { formatBytes, streamAge } from '../sync/syncText.js';

/** What waits per stream, live lane first: records, bytes as stored, oldest age, and the seqs. */
export function SyncStreamTable({ streams, now }: { streams: readonly StreamBacklog[]; now: number }) {
  const ordered = [...streams].sort((a, b) => (a.lane === b.lane ? 0 : a.lane === 'live' ? -1 : 1));
  return (
    <section className="sync-panel" aria-labelledby="sync-streams-title">
      <h2 id="sync-streams-title">Backlog per stream</h2>
      <table className="sync-table" data-testid="sync-streams">
        <colgroup>
          <col className="col-stream" />
          <col className="col-lane" />
          <col span={5} className="col-num" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Stream</th>
            <th scope="col">Lane</th>
            <th scope="col" className="num">
              Waiting
            </th>
            <th scope="col" className="num">
              Bytes
            </th>
            <th scope="col" className="num">
              Oldest
            </th>
            <th scope="col" className="num">
              Next seq
            </th>
            <th scope="col" className="num">
              Acked seq
            </th>
          </tr>
        </thead>
        <tbody>
          {ordered.map((s) => (
            <tr key={s.stream} data-testid="sync-stream-row" data-stream={s.stream} data-records={s.records}>
              <th scope="row">{s.stream}</th>
              <td>{s.lane}</td>
              <td className="num" data-testid="sync-stream-records">
                {s.records.toLocaleString('en')}
              </td>
              <td className="num">{formatBytes(s.bytes)}</td>
              <td className="num">{streamAge(s, now)}</td>
              <td className="num" data-testid="sync-stream-next">
                {s.nextSeq}
              </td>
              <td className="num" data-testid="sync-stream-acked">
                {s.ackedSeq}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
