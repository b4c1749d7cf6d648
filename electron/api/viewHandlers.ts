import { ApiError } from '../../shared/errors.js';
import type { ConfigDb } from '../config/configDb.js';
import type { ConfigRefusal } from '../config/types.js';
import type { Handlers } from './dispatcher.js';

export type ViewStore = Pick<ConfigDb, 'listViews' | 'saveView' | 'deleteView'>;

/**
 * Saved trend views over config.db. The user who saves is the caller the transport vouches for,
 * never a field of the request. A clash or an unknown id comes back as its code.
 */
export function viewHandlers(
  views: ViewStore,
  now: () => number = Date.now,
): Pick<Handlers, 'views.list' | 'views.save' | 'views.delete'> {
  return {
    'views.list': async () => ({ views: await views.listViews() }),
    'views.save': async (draft, { caller }) => {
      const outcome = await views.saveView({ draft, savedBy: caller.user, now: now() });
      if (!outcome.ok) throw refused(outcome);
      return outcome.view;
    },
    'views.delete': async ({ id }) => {
      const outcome = await views.deleteView(id);
      if (!outcome.ok) throw refused(outcome);
      return { id: outcome.id };
    },
  };
}

function refused(refusal: ConfigRefusal): ApiError {
  return new ApiError(refusal.code, refusal.message);
}
