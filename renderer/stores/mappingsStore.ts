import { create } from 'zustand';
import type { ControlRoomApi } from '../../shared/contract.js';
import { ApiError } from '../../shared/errors.js';
import type {
  MappingRule,
  PreviewResult,
  UnmappedCapture,
  UnmatchedFallback,
} from '../../shared/jsonMapping.js';
import { checkRuleText, NEW_RULE, ruleToText } from '../mappings/ruleText.js';
import { suggestRule } from '../mappings/suggestRule.js';

/** How long "capture the next message" waits before it says nothing came. */
export const CAPTURE_WAIT_MS = 15_000;

/**
 * The Mappings screen: the site's JSON mapping rules in the order they are tried, the fallback,
 * the unmapped captures, the rule being edited (as JSON text) and the preview. The lists are
 * loaded when the screen opens and after each change made here.
 */
export interface MappingsState {
  rules: readonly MappingRule[];
  fallback: UnmatchedFallback;
  unmapped: readonly UnmappedCapture[];
  unmappedEvicted: number;
  loaded: boolean;
  busy: boolean;
  /** The last failure or success, in words, for the engineer. */
  problem: string | null;
  note: string | null;
  editorText: string;
  /** What is wrong with the editor's text now; empty when it would save. */
  editorProblems: readonly string[];
  previewTopic: string;
  previewPayload: string;
  /** Preview with the rule in the editor alone, rather than the saved rules. */
  previewDraft: boolean;
  previewResult: PreviewResult | null;
  capturing: boolean;
}

const initialText = JSON.stringify(NEW_RULE, null, 2);

export const initialMappingsState: MappingsState = {
  rules: [],
  fallback: { action: 'ignore' },
  unmapped: [],
  unmappedEvicted: 0,
  loaded: false,
  busy: false,
  problem: null,
  note: null,
  editorText: initialText,
  editorProblems: [],
  previewTopic: '',
  previewPayload: '',
  previewDraft: true,
  previewResult: null,
  capturing: false,
};

export const useMappingsStore = create<MappingsState>()(() => initialMappingsState);

const set = (partial: Partial<MappingsState>) => useMappingsStore.setState(partial);

function failed(what: string, error: unknown): void {
  const reason = error instanceof ApiError ? error.message : String(error);
  set({ busy: false, capturing: false, problem: `${what}: ${reason}`, note: null });
}

function editText(text: string): void {
  const checked = checkRuleText(text);
  set({ editorText: text, editorProblems: checked.ok ? [] : checked.problems });
}

export const mappingsActions = {
  async load(api: ControlRoomApi): Promise<void> {
    set({ busy: true });
    try {
      const list = await api.call('mappings.list', {});
      set({ ...list, loaded: true, busy: false });
    } catch (error) {
      failed('Mappings could not be loaded', error);
    }
  },

  editText,
  editNew: () => editText(initialText),
  editRule: (rule: MappingRule) => editText(ruleToText(rule)),

  /** Pre-fills the editor with a rule made from the capture, and the preview with the capture. */
  editFromCapture(capture: UnmappedCapture): void {
    editText(JSON.stringify(suggestRule(capture.topic, capture.payload), null, 2));
    set({
      previewTopic: capture.topic,
      previewPayload: capture.payload,
      previewDraft: true,
      previewResult: null,
    });
  },

  async save(api: ControlRoomApi, first: boolean): Promise<void> {
    const checked = checkRuleText(useMappingsStore.getState().editorText);
    if (!checked.ok) {
      set({ editorProblems: checked.problems });
      return;
    }
    set({ busy: true, problem: null, note: null });
    try {
      const saved = await api.call('mappings.save', {
        rule: checked.draft,
        ...(first ? { position: 0 } : {}),
      });
      editText(ruleToText(saved));
      await mappingsActions.load(api);
      set({ note: `Saved “${saved.name}”; it applies now.` });
    } catch (error) {
      failed('The rule was not saved', error);
    }
  },

  async remove(api: ControlRoomApi, rule: MappingRule): Promise<void> {
    set({ busy: true, problem: null, note: null });
    try {
      await api.call('mappings.delete', { id: rule.id });
      await mappingsActions.load(api);
      set({ note: `Deleted “${rule.name}”.` });
    } catch (error) {
      failed(`“${rule.name}” was not deleted`, error);
    }
  },

  async setFallback(api: ControlRoomApi, fallback: UnmatchedFallback): Promise<void> {
    set({ busy: true, problem: null, note: null });
    try {
      await api.call('mappings.setFallback', fallback);
      await mappingsActions.load(api);
    } catch (error) {
      failed('The fallback was not changed', error);
    }
  },

  setPreviewInput(
    input: Partial<Pick<MappingsState, 'previewTopic' | 'previewPayload' | 'previewDraft'>>,
  ): void {
    set({ ...input, previewResult: null });
  },

  async preview(api: ControlRoomApi): Promise<void> {
    const state = useMappingsStore.getState();
    const checked = state.previewDraft ? checkRuleText(state.editorText) : null;
    if (checked && !checked.ok) {
      set({ editorProblems: checked.problems, problem: 'Fix the rule in the editor to preview with it' });
      return;
    }
    set({ busy: true, problem: null });
    try {
      const result = await api.call('mappings.preview', {
        topic: state.previewTopic,
        payload: state.previewPayload,
        ...(checked?.ok ? { rule: checked.draft } : {}),
      });
      set({ previewResult: result, busy: false });
    } catch (error) {
      failed('The preview failed', error);
    }
  },

  /** Waits for the next live message on the preview's topic (a filter: + and # allowed). */
  async capture(api: ControlRoomApi): Promise<void> {
    const filter = useMappingsStore.getState().previewTopic;
    set({ capturing: true, problem: null, note: null });
    try {
      const { message } = await api.call('mappings.captureNext', { filter, timeoutMs: CAPTURE_WAIT_MS });
      if (!message) {
        set({ capturing: false, note: `No message on ${filter} in ${CAPTURE_WAIT_MS / 1000} s.` });
        return;
      }
      set({
        capturing: false,
        previewTopic: message.topic,
        previewPayload: message.payload,
        previewResult: null,
      });
      await mappingsActions.preview(api);
    } catch (error) {
      failed(`Nothing was captured on ${filter}`, error);
    }
  },
};
