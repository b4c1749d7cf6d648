import type { TagId } from '../../shared/domain.js';
import { trendActions, useTrendStore } from '../stores/trendStore.js';
import { PEN_PALETTE, penColours } from '../trend/penStyle.js';

/**
 * The pen's colour, picked from the palette as a radio group (arrow keys move, the choice takes
 * effect at once). Each colour is named, and says which other pens already wear it, so two pens
 * are not made alike by accident and the choice never rests on seeing the colour.
 */
export function PenColourPicker({ id, number, colour }: { id: TagId; number: number; colour: string }) {
  const pens = useTrendStore((state) => state.pens);
  const options = useTrendStore((state) => state.penOptions);
  const colours = penColours(pens, options);
  const same = (a: string, b: string | undefined) => a.toLowerCase() === b?.toLowerCase();
  const wornBy = (candidate: string) =>
    pens.flatMap((pen, index) => (pen !== id && same(candidate, colours[index]) ? [`P${index + 1}`] : []));
  const inPalette = PEN_PALETTE.some((entry) => same(entry.colour, colour));
  return (
    <fieldset className="pen-colours">
      <legend>Colour of P{number}</legend>
      {PEN_PALETTE.map((entry) => {
        const others = wornBy(entry.colour);
        return (
          <label key={entry.colour} className="pen-colour-choice">
            <input
              type="radio"
              name={`pen-colour-${id}`}
              value={entry.colour}
              data-testid="pen-colour"
              checked={same(entry.colour, colour)}
              onChange={() => trendActions.setPenColour(id, entry.colour)}
            />
            <span className="colour-chip" style={{ background: entry.colour }} aria-hidden="true" />
            {entry.name}
            {others.length > 0 && <span className="colour-worn"> ({others.join(' ')})</span>}
          </label>
        );
      })}
      {!inPalette && <span className="colour-worn">Now {colour}, as a saved view set it</span>}
    </fieldset>
  );
}
