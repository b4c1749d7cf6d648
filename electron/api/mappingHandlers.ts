import { ApiError } from '../../shared/errors.js';
import type { ConfigRefusal } from '../config/types.js';
import type { JsonMappings } from '../connectivity/json/jsonMappings.js';
import type { Handlers } from './dispatcher.js';

export type MappingService = Pick<
  JsonMappings,
  'list' | 'save' | 'delete' | 'setFallback' | 'preview' | 'captureNext'
>;

type MappingMethods =
  | 'mappings.list'
  | 'mappings.save'
  | 'mappings.delete'
  | 'mappings.setFallback'
  | 'mappings.preview'
  | 'mappings.captureNext';

/**
 * Plain-JSON mapping rules over the mapping service. The user who saves is the caller the
 * transport vouches for; a refusal (unknown id, too many rules) comes back as its code.
 */
export function mappingHandlers(mappings: MappingService): Pick<Handlers, MappingMethods> {
  return {
    'mappings.list': () => mappings.list(),
    'mappings.save': async ({ rule, position }, { caller }) => {
      const outcome = await mappings.save(rule, position, caller.user);
      if (!outcome.ok) throw refused(outcome);
      return outcome.rule;
    },
    'mappings.delete': async ({ id }) => {
      const outcome = await mappings.delete(id);
      if (!outcome.ok) throw refused(outcome);
      return { id: outcome.id };
    },
    'mappings.setFallback': (fallback) => mappings.setFallback(fallback),
    'mappings.preview': ({ topic, payload, rule }) => mappings.preview(topic, payload, rule),
    'mappings.captureNext': async ({ filter, timeoutMs }) => ({
      message: await mappings.captureNext(filter, timeoutMs),
    }),
  };
}

function refused(refusal: ConfigRefusal): ApiError {
  return new ApiError(refusal.code, refusal.message);
}
