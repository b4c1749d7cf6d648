import { useEffect, useRef, useState } from 'react';
import type { AlarmPriority } from '../../shared/alarmDefinitions.js';
import criticalTone from '../../resources/sounds/alarm-critical.wav';
import highTone from '../../resources/sounds/alarm-high.wav';
import lowTone from '../../resources/sounds/alarm-low.wav';
import mediumTone from '../../resources/sounds/alarm-medium.wav';
import { PRIORITY_LABEL } from '../alarms/priorityText.js';
import { alarmsActions, useAlarmsStore } from '../stores/alarmsStore.js';

/** The shipped tones (resources/sounds/, made by make-tones.mjs), one per priority. */
const TONES: Readonly<Record<AlarmPriority, string>> = {
  critical: criticalTone,
  high: highTone,
  medium: mediumTone,
  low: lowTone,
};

/**
 * A browser plays sound only after the user has clicked or typed on the page. Until then the
 * horn says so; the desktop app plays without (Electron's default autoplay policy).
 */
function soundLikelyBlocked(): boolean {
  if (window.watchkeeper) return false;
  return navigator.userActivation ? !navigator.userActivation.hasBeenActive : false;
}

type Players = Record<AlarmPriority, HTMLAudioElement>;

/**
 * The audible alarm: the tone of the highest priority among new unacknowledged alarms, looped
 * (each file is one two-second period), until they are acknowledged or the operator silences
 * it; the next new alarm sounds again. Where the browser refuses to play, a button says so and
 * enables sound with the click it asks for.
 */
export function AlarmHorn() {
  const priority = useAlarmsStore((state) => state.summary.sounding);
  const [blocked, setBlocked] = useState(soundLikelyBlocked);
  const [attempt, setAttempt] = useState(0);
  const players = useRef<Players | null>(null);

  useEffect(() => {
    players.current ??= Object.fromEntries(
      Object.entries(TONES).map(([key, url]) => {
        const audio = new Audio(url);
        audio.loop = true;
        audio.preload = 'auto';
        return [key, audio];
      }),
    ) as Players;
    const all = players.current;
    for (const audio of Object.values(all)) audio.pause();
    if (priority === null) return;
    const audio = all[priority];
    audio.currentTime = 0;
    audio.play().then(
      () => setBlocked(false),
      (error: unknown) => {
        if (error instanceof DOMException && error.name === 'NotAllowedError') setBlocked(true);
      },
    );
    return () => audio.pause();
  }, [priority, attempt]);

  // Any click or key on the page allows sound: then try again at once.
  useEffect(() => {
    if (!blocked) return;
    const unblock = () => {
      setBlocked(false);
      setAttempt((n) => n + 1);
    };
    window.addEventListener('pointerdown', unblock, { capture: true, once: true });
    window.addEventListener('keydown', unblock, { capture: true, once: true });
    return () => {
      window.removeEventListener('pointerdown', unblock, { capture: true });
      window.removeEventListener('keydown', unblock, { capture: true });
    };
  }, [blocked]);

  const state = blocked ? 'blocked' : (priority ?? 'quiet');
  return (
    <span className="alarm-horn" data-testid="alarm-horn" data-sound={state}>
      {blocked && (
        <button
          type="button"
          className="sound-blocked"
          data-testid="alarm-sound-enable"
          onClick={() => setAttempt((n) => n + 1)}
        >
          SOUND OFF: click to enable
        </button>
      )}
      <button
        type="button"
        data-testid="alarm-silence"
        disabled={priority === null}
        title={
          priority === null
            ? 'Nothing sounding'
            : `Silence the ${PRIORITY_LABEL[priority].toLowerCase()}-priority tone until the next new alarm`
        }
        onClick={alarmsActions.silence}
      >
        {priority === null ? 'Silent' : 'Silence'}
      </button>
    </span>
  );
}
