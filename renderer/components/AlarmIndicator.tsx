import type { ReactNode } from 'react';
import type { AlarmPriority } from '../../shared/alarmDefinitions.js';
import { PRIORITY_LABEL, PRIORITY_NUMBER } from '../alarms/priorityText.js';

/** Each priority's shape in a 16-unit box: square, triangle, diamond, circle (ISA-101). */
const SHAPES: Readonly<Record<AlarmPriority, ReactNode>> = {
  critical: <rect x="1" y="1" width="14" height="14" />,
  high: <polygon points="8,0.5 15.5,15 0.5,15" />,
  medium: <polygon points="8,0 16,8 8,16 0,8" />,
  low: <circle cx="8" cy="8" r="7.25" />,
};

/** Where the number sits in each shape (a triangle's centre of mass is low). */
const NUMBER_Y: Readonly<Record<AlarmPriority, number>> = { critical: 12, high: 13.5, medium: 12, low: 12 };

/**
 * An alarm priority coded three ways, so it survives without colour: the colour, the shape and
 * the number (P1 red square "1", P2 yellow triangle "2", P3 orange diamond "3", P4 magenta
 * circle "4"). Colours are in alarms.css and are used for nothing else.
 */
export function AlarmIndicator({ priority, size = 16 }: { priority: AlarmPriority; size?: number }) {
  return (
    <svg
      className={`alarm-indicator p-${priority}`}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      role="img"
      aria-label={`${PRIORITY_LABEL[priority]} priority (${PRIORITY_NUMBER[priority]})`}
      data-priority={priority}
    >
      <g className="shape">{SHAPES[priority]}</g>
      <text x="8" y={NUMBER_Y[priority]} textAnchor="middle">
        {PRIORITY_NUMBER[priority]}
      </text>
    </svg>
  );
}

const OVERLAY_LETTER = { shelved: 'S', suppressed: 'D', outOfService: 'O' } as const;
const OVERLAY_LABEL = {
  shelved: 'Shelved',
  suppressed: 'Suppressed by design',
  outOfService: 'Out of service',
} as const;

/** Shelved, suppressed or out of service: one neutral grey mark with a letter, never an alarm colour. */
export function OverlayIndicator({ kind }: { kind: keyof typeof OVERLAY_LETTER }) {
  return (
    <svg
      className="overlay-indicator"
      width={16}
      height={16}
      viewBox="0 0 16 16"
      role="img"
      aria-label={OVERLAY_LABEL[kind]}
      data-overlay={kind}
    >
      <rect x="1" y="1" width="14" height="14" rx="3" />
      <text x="8" y="12" textAnchor="middle">
        {OVERLAY_LETTER[kind]}
      </text>
    </svg>
  );
}
