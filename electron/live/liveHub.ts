import type { EventName, EventPayload } from '../../shared/contract.js';
import type { TagValue } from '../../shared/domain.js';

/** One connected client (a window over IPC or a browser over WebSocket). */
export interface LiveClient {
  send<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** True while the client's transport is still busy with earlier pushes. */
  isCongested?(): boolean;
}

export interface LiveSession {
  /** Replaces what the client receives; answers how many tags that is, or 'all'. */
  subscribe(tags: string[] | null): number | 'all';
  close(): void;
}

interface SessionState {
  client: LiveClient;
  all: boolean;
  tags: Set<string>;
  dirty: Set<string>;
}

/**
 * Pushes value changes to clients, coalesced: a tag that changed five times since the last push
 * is sent once with its newest value, at most `1000 / intervalMs` times a second per client.
 * A congested client is skipped and gets the newest values when it catches up, so a slow
 * browser cannot make the server buffer without bound.
 */
export class LiveHub {
  private readonly sessions = new Set<SessionState>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly currentValue: (tagId: string) => TagValue | null,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.flush(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sessions.clear();
  }

  get clientCount(): number {
    return this.sessions.size;
  }

  connect(client: LiveClient): LiveSession {
    const state: SessionState = { client, all: false, tags: new Set(), dirty: new Set() };
    this.sessions.add(state);
    return {
      subscribe: (tags) => {
        state.all = tags === null;
        state.tags = new Set(tags ?? []);
        state.dirty.clear();
        return tags === null ? 'all' : state.tags.size;
      },
      close: () => this.sessions.delete(state),
    };
  }

  markChanged(tagId: string): void {
    for (const session of this.sessions) {
      if (session.all || session.tags.has(tagId)) session.dirty.add(tagId);
    }
  }

  broadcast<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const session of this.sessions) session.client.send(event, payload);
  }

  flush(): void {
    for (const session of this.sessions) {
      if (session.dirty.size === 0 || session.client.isCongested?.()) continue;
      const values: TagValue[] = [];
      for (const id of session.dirty) {
        const value = this.currentValue(id);
        if (value) values.push(value);
      }
      session.dirty.clear();
      if (values.length > 0) session.client.send('onTagValues', { values });
    }
  }
}
