import type { AlarmKpiReport } from '../../../shared/alarms.js';
import { byAlarm, isActivation, isReturn, type KpiLine } from './kpiLines.js';

/** Chattering: at least this many activations of one alarm… */
export const CHATTER_COUNT = 3;
/** …within this long (ISA-18.2's example: 3 in a minute). */
export const CHATTER_WINDOW_MS = 60_000;
/** Fleeting: active for less than this, then cleared. */
export const FLEETING_MS = 2_000;

/**
 * Chattering and fleeting alarms describe how an alarm is designed (deadband, delays), not the
 * operator's load, so they count every activation of the condition (`activated` lines), also
 * those hidden by shelving or suppression — a shelved chatterer still needs fixing.
 *
 * Chattering: an activation is chattering when, with it, the alarm activated at least 3 times in
 * the minute up to it ((t − 60 s, t]); an episode is a run of consecutive chattering activations;
 * `maxPerMinute` is the most activations in any such minute.
 */
export function chattering(lines: readonly KpiLine[]): AlarmKpiReport['chattering'] {
  const found: AlarmKpiReport['chattering'] = [];
  for (const [alarm, activations] of byAlarm(lines, isActivation)) {
    let oldest = 0;
    let episodes = 0;
    let maxPerMinute = 0;
    let inEpisode = false;
    activations.forEach((line, i) => {
      while (activations[oldest]!.ts <= line.ts - CHATTER_WINDOW_MS) oldest++;
      const perMinute = i - oldest + 1;
      maxPerMinute = Math.max(maxPerMinute, perMinute);
      const chatters = perMinute >= CHATTER_COUNT;
      if (chatters && !inEpisode) episodes++;
      inEpisode = chatters;
    });
    if (episodes > 0) {
      const message = activations.at(-1)!.message;
      found.push({ alarm, message, episodes, maxPerMinute: maxPerMinute });
    }
  }
  return found.sort((a, b) => b.episodes - a.episodes || b.maxPerMinute - a.maxPerMinute || byId(a, b));
}

/**
 * Fleeting: an activation whose next activated/cleared line is a clear less than 2 s later (an
 * alarm nobody could have acted on). Counted per alarm.
 */
export function fleeting(lines: readonly KpiLine[]): AlarmKpiReport['fleeting'] {
  const found: AlarmKpiReport['fleeting'] = [];
  for (const [alarm, changes] of byAlarm(lines, (line) => isActivation(line) || isReturn(line))) {
    let count = 0;
    changes.forEach((line, i) => {
      const next = changes[i + 1];
      if (isActivation(line) && next?.trigger === 'cleared' && next.ts - line.ts < FLEETING_MS) count++;
    });
    if (count > 0) found.push({ alarm, message: changes.at(-1)!.message, count });
  }
  return found.sort((a, b) => b.count - a.count || byId(a, b));
}

const byId = (a: { alarm: string }, b: { alarm: string }) =>
  a.alarm < b.alarm ? -1 : a.alarm > b.alarm ? 1 : 0;
