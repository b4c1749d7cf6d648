import type { Health } from '../../shared/domain.js';
import { ApiError } from '../../shared/errors.js';
import type { Historian } from '../historian/historian.js';
import type { DeviceRegistry } from '../tags/deviceRegistry.js';
import type { TagRegistry } from '../tags/tagRegistry.js';
import type { Handlers } from './dispatcher.js';

export interface HandlerDeps {
  health(): Health;
  tags: TagRegistry;
  devices: DeviceRegistry;
  historian: Pick<Historian, 'queryRange'>;
}

/** The contract's methods, implemented over the runtime's services. */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    'system.getHealth': () => deps.health(),
    'tags.list': () => ({ tags: deps.tags.list() }),
    'devices.list': () => ({ devices: deps.devices.list() }),
    'history.queryRange': ({ tag, from, to, maxPoints }) => {
      const state = deps.tags.get(tag);
      if (!state) throw new ApiError('NOT_FOUND', `unknown tag: ${tag}`);
      return deps.historian.queryRange({ key: state.key, tag, from, to, maxPoints });
    },
    'live.subscribe': ({ tags }, { session }) => ({ subscribed: session.subscribe(tags) }),
  };
}
