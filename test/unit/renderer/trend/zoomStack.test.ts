import { describe, expect, it } from 'vitest';
import {
  canGoBack,
  canGoForward,
  createStack,
  currentEntry,
  goBack,
  goForward,
  pushEntry,
  replaceEntry,
} from '../../../../renderer/trend/zoomStack.js';

const walk = (...entries: string[]) =>
  entries.reduce((stack, entry) => pushEntry(stack, entry), createStack('live'));

describe('zoomStack', () => {
  it('goes back and forward through the views shown, like a browser', () => {
    const stack = walk('1h', 'zoom');
    const back = goBack(stack);
    expect(currentEntry(back)).toBe('1h');
    expect(currentEntry(goBack(back))).toBe('live');
    expect(currentEntry(goForward(back))).toBe('zoom');
  });

  it('drops the views ahead when a new one is shown after going back', () => {
    const stack = pushEntry(goBack(walk('1h', 'zoom')), 'pan');
    expect(stack.entries).toEqual(['live', '1h', 'pan']);
    expect(canGoForward(stack)).toBe(false);
  });

  it('cannot go back from the first view or forward from the last', () => {
    const stack = createStack('live');
    expect(canGoBack(stack)).toBe(false);
    expect(goBack(stack)).toBe(stack);
    expect(goForward(stack)).toBe(stack);
  });

  it('adds no step for the view already shown', () => {
    const stack = walk('1h');
    expect(pushEntry(stack, '1h')).toBe(stack);
  });

  it('keeps only the newest views once the limit is reached', () => {
    let stack = createStack('v0');
    for (let i = 1; i <= 5; i++) stack = pushEntry(stack, `v${i}`, Object.is, 3);
    expect(stack.entries).toEqual(['v3', 'v4', 'v5']);
    expect(currentEntry(stack)).toBe('v5');
  });

  it('replaces the view shown without adding a step', () => {
    const stack = replaceEntry(walk('1h'), '1h later');
    expect(stack.entries).toEqual(['live', '1h later']);
  });
});
