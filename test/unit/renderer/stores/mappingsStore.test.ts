import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../../electron/api/dispatcher.js';
import { mappingHandlers } from '../../../../electron/api/mappingHandlers.js';
import { ConfigDb } from '../../../../electron/config/configDb.js';
import { InputErrors } from '../../../../electron/connectivity/inputErrors.js';
import { JsonMappings } from '../../../../electron/connectivity/json/jsonMappings.js';
import { shippedRules } from '../../../../electron/connectivity/json/shippedRules.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import {
  initialMappingsState,
  mappingsActions,
  useMappingsStore,
} from '../../../../renderer/stores/mappingsStore.js';
import { createClient } from '../../../../shared/client.js';
import type { Role } from '../../../../shared/roles.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

/** The Mappings screen's actions against the real dispatcher, mapping service and config.db. */
describe('the mappings actions', () => {
  const dir = makeTempDir();
  const log = createMemoryLogger();
  const config = new ConfigDb({ path: `${dir.path}/config.db`, log });
  const mappings = new JsonMappings({
    store: config,
    errors: new InputErrors(log),
    log,
    shipped: () => shippedRules('factory'),
  });
  const dispatch = createDispatcher(mappingHandlers(mappings) as Handlers, log);
  const clientAs = (roles: Role[]) =>
    createClient({
      request: (method, params) =>
        dispatch(method, params, {
          caller: { user: 'eve', roles },
          session: { subscribe: () => 0, close() {} },
        }),
      onEvent: () => {},
    });
  const api = clientAs(['engineer']);

  beforeAll(async () => {
    await config.start();
    await mappings.start();
  });
  afterAll(async () => {
    mappings.stop();
    await config.stop();
    dir.remove();
  });
  beforeEach(() => useMappingsStore.setState(initialMappingsState, true));

  it('makes a rule from an unmapped message, previews it, and saves it first in the order', async () => {
    mappingsActions.editFromCapture({
      topic: 'plant/north/gw1/telemetry',
      payload: '{"readings":[{"name":"flow","value":12.5,"unit":"m3/h"}]}',
      truncated: false,
      bytes: 55,
      count: 1,
      lastMs: 0,
    });
    expect(useMappingsStore.getState()).toMatchObject({
      previewTopic: 'plant/north/gw1/telemetry',
      editorProblems: [],
    });
    await mappingsActions.preview(api);
    expect(useMappingsStore.getState().previewResult?.tags).toMatchObject([
      { id: 'north/gw1/flow', value: 12.5, unit: 'm3/h' },
    ]);
    await mappingsActions.save(api, true);
    const state = useMappingsStore.getState();
    expect(state.rules.map((rule) => rule.name)).toEqual([
      'From plant/north/gw1/telemetry',
      'factory/<area>/<device>/<tag>, one value per message',
    ]);
    expect(state.note).toBe('Saved “From plant/north/gw1/telemetry”; it applies now.');
    // The editor now holds the stored rule, so a second save replaces it rather than adding one.
    const edited = JSON.parse(state.editorText) as Record<string, unknown>;
    expect(edited.id).toBe(state.rules[0]!.id);
    expect(edited).not.toHaveProperty('savedBy');
    await mappingsActions.remove(api, state.rules[0]!);
    expect(useMappingsStore.getState().rules).toHaveLength(1);
  });

  it('sends nothing while the rule has problems, and lists them', async () => {
    mappingsActions.editText('{"name": "x", "topic": "a/#/b", "points": []}');
    await mappingsActions.save(api, false);
    expect(useMappingsStore.getState()).toMatchObject({
      editorProblems: ['topic: "#" may only be the last level', 'points: a rule needs at least one point'],
      note: null,
    });
    await mappingsActions.load(api);
    expect(useMappingsStore.getState().rules).toHaveLength(1);
  });

  it('tells an operator that mappings need the engineer role', async () => {
    await mappingsActions.load(clientAs(['operator']));
    expect(useMappingsStore.getState().problem).toBe(
      'Mappings could not be loaded: mappings.list needs the engineer role',
    );
  });
});
