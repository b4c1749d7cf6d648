import { useEffect, useState, type RefObject } from 'react';
import { readoutText, type Readout } from '../trend/readout.js';

export type ShowReadout = (readout: Readout | null) => void;

/**
 * The crosshair readout above the chart: the time under the cursor and every pen's value, unit
 * and quality there, in words. The chart hands readouts in through `showRef` as the cursor moves,
 * so only this line re-renders. Its height depends on the number of pens only, so pointing at
 * the chart never resizes it.
 */
export function TrendReadout({ showRef, penCount }: { showRef: RefObject<ShowReadout>; penCount: number }) {
  const [readout, setReadout] = useState<Readout | null>(null);
  useEffect(() => {
    showRef.current = setReadout;
    return () => {
      showRef.current = () => {};
    };
  }, [showRef]);
  const lines = penCount > 4 ? 2 : 1;
  if (!readout || penCount === 0) {
    return (
      <div className="trend-readout" data-testid="trend-readout" data-lines={lines}>
        {penCount > 0 && (
          <span className="readout-hint">Point at the chart to read every pen at that time</span>
        )}
      </div>
    );
  }
  return (
    <div
      className="trend-readout"
      data-testid="trend-readout"
      data-lines={lines}
      data-ts={Math.floor(readout.ts)}
      title={readoutText(readout)}
    >
      <span className="readout-time" data-testid="trend-readout-time">
        {readout.time}
      </span>
      {readout.pens.map((pen) => (
        <span
          key={pen.id}
          className="readout-pen"
          data-testid="trend-readout-pen"
          data-tag-id={pen.id}
          data-state={pen.state}
        >
          <span className="pen-mark" style={{ color: pen.colour }}>
            P{pen.number}
          </span>
          {pen.value !== null && (
            <span className="readout-value" data-testid="trend-readout-value">
              {pen.value}
            </span>
          )}
          {pen.value !== null && pen.unit && <span className="readout-unit">{pen.unit}</span>}
          {pen.word && (
            <span className={`readout-word readout-${pen.state}`} data-testid="trend-readout-quality">
              {pen.word}
            </span>
          )}
        </span>
      ))}
    </div>
  );
}
