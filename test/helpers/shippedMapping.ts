import { compileRule } from '../../electron/connectivity/json/compiledRules.js';
import { JsonMappingEngine, type ErrorRecorder } from '../../electron/connectivity/json/mappingEngine.js';
import { shippedRules } from '../../electron/connectivity/json/shippedRules.js';

/** The shipped JSON mapping alone, without config.db: for tests of the layers around it. */
export function shippedMapping(errors: ErrorRecorder): JsonMappingEngine {
  const engine = new JsonMappingEngine(errors);
  engine.setRules(shippedRules('factory').map(compileRule));
  return engine;
}
