import { ApiError, type ErrorCode } from '../../shared/errors.js';
import type { Inference } from '../inference/inference.js';
import type { Handlers } from './dispatcher.js';

export type ModelService = Pick<
  Inference,
  | 'list'
  | 'signature'
  | 'importFile'
  | 'save'
  | 'setEnabled'
  | 'delete'
  | 'versions'
  | 'testRun'
  | 'learnNormal'
>;

type ModelMethods =
  | 'models.list'
  | 'models.getSignature'
  | 'models.importFile'
  | 'models.saveBinding'
  | 'models.setEnabled'
  | 'models.deleteBinding'
  | 'models.listBindingVersions'
  | 'models.testRun'
  | 'models.learnNormal';

type Outcome = { ok: true } | { ok: false; code: ErrorCode; message: string };

/** The value of an outcome, or its refusal thrown as the API error it is. */
function unwrap<T extends Outcome>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) throw new ApiError(outcome.code, outcome.message);
  return outcome as Extract<T, { ok: true }>;
}

/**
 * Model bindings and files over the inference service. Changes are made as the caller the
 * transport vouches for; a refusal (a binding that does not fit its model, a stale version, an
 * unknown id or file, no runtime) comes back as its code with the reason in words.
 */
export function modelHandlers(models: ModelService): Pick<Handlers, ModelMethods> {
  return {
    'models.list': () => models.list(),
    'models.getSignature': async ({ file }) => unwrap(await models.signature(file)).signature,
    'models.importFile': async ({ file, data }) => {
      const { file: info, signature } = unwrap(await models.importFile(file, data));
      return { file: info, signature };
    },
    'models.saveBinding': async ({ binding, baseVersion }, { caller }) =>
      unwrap(await models.save(binding, baseVersion, caller.user)).status,
    'models.setEnabled': async ({ id, enabled }, { caller }) =>
      unwrap(await models.setEnabled(id, enabled, caller.user)).status,
    'models.deleteBinding': async ({ id, baseVersion }, { caller }) => ({
      id,
      status: unwrap(await models.delete(id, baseVersion, caller.user)).status,
    }),
    'models.listBindingVersions': async ({ id, limit }) => ({
      id,
      versions: await models.versions(id, limit),
    }),
    'models.testRun': async ({ binding, from, to }) => unwrap(await models.testRun(binding, from, to)).result,
    'models.learnNormal': async (params, { caller }) => {
      const { status, baseline } = unwrap(await models.learnNormal({ ...params, user: caller.user }));
      return { status, baseline };
    },
  };
}
