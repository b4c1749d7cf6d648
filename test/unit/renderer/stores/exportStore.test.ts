import { describe, expect, it } from 'vitest';
import {
  exportFinished,
  exportProgressed,
  exportStarted,
  IDLE,
} from '../../../../renderer/stores/exportStore.js';

describe('the CSV export state', () => {
  it('moves progress forward only, and only while running', () => {
    let state = exportStarted('raw');
    state = exportProgressed(state, { rows: 10, fraction: 0.4 });
    state = exportProgressed(state, { rows: 20, fraction: 0.3 });
    expect(state).toEqual({ phase: 'running', kind: 'raw', rows: 20, fraction: 0.4 });
    expect(exportProgressed(IDLE, { rows: 1, fraction: 1 })).toBe(IDLE);
  });

  it('ends saved, cancelled or failed, as the export says', () => {
    const running = exportStarted('resolution');
    expect(exportFinished(running, { status: 'saved', rows: 5, file: 'a.csv' })).toEqual({
      phase: 'saved',
      kind: 'resolution',
      rows: 5,
      file: 'a.csv',
    });
    expect(exportFinished(running, { status: 'cancelled', rows: 2 })).toMatchObject({ phase: 'cancelled' });
    expect(
      exportFinished(running, { status: 'failed', error: { code: 'NOT_FOUND', message: 'unknown tag: x' } }),
    ).toEqual({ phase: 'failed', kind: 'resolution', message: 'unknown tag: x' });
    expect(exportFinished(IDLE, { status: 'cancelled', rows: 0 })).toBe(IDLE);
  });
});
