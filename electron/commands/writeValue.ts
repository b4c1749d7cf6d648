/**
 * A value an engineer asked to write, checked against the type the device declared for the
 * metric (its Sparkplug birth datatype, or a JSON tag's data type) before anything is sent. A
 * device that receives 300 for an Int8 wraps it to 44 and runs a pump at the wrong speed; here
 * it is refused with a reason instead. Errors are values: the UI shows them in the confirmation.
 */
export type WriteValue = number | boolean | string;

export type CheckedWrite = { ok: true; value: WriteValue } | { ok: false; error: string };

/** Integer datatypes and their ranges (Sparkplug B 3.0, "Datatypes"). */
const INTEGER_RANGES: Record<string, readonly [number, number]> = {
  Int8: [-(2 ** 7), 2 ** 7 - 1],
  Int16: [-(2 ** 15), 2 ** 15 - 1],
  Int32: [-(2 ** 31), 2 ** 31 - 1],
  // JavaScript numbers hold integers exactly only up to 2^53: beyond that a write is refused.
  Int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  UInt8: [0, 2 ** 8 - 1],
  UInt16: [0, 2 ** 16 - 1],
  UInt32: [0, 2 ** 32 - 1],
  UInt64: [0, Number.MAX_SAFE_INTEGER],
};

const FLOAT32_MAX = 3.4028234663852886e38;
const TEXT_TYPES = new Set(['String', 'Text', 'UUID']);

/** Datatypes a command can carry; the rest (DataSet, Template, Bytes, File, arrays) are read-only here. */
export function isWritableDatatype(datatype: string): boolean {
  return datatype in INTEGER_RANGES || ['Float', 'Double', 'Boolean', ...TEXT_TYPES].includes(datatype);
}

export function checkWrite(datatype: string, value: WriteValue, maxTextLength = 1024): CheckedWrite {
  const refuse = (error: string): CheckedWrite => ({ ok: false, error });
  const range = INTEGER_RANGES[datatype];
  if (range) {
    const number = typeof value === 'boolean' ? Number(value) : value;
    if (typeof number !== 'number') return refuse(`${datatype} takes a whole number, not text`);
    if (!Number.isInteger(number)) return refuse(`${datatype} takes a whole number, not ${number}`);
    if (number < range[0] || number > range[1])
      return refuse(`${number} is outside ${datatype}'s range ${range[0]} … ${range[1]}`);
    return { ok: true, value: number };
  }
  if (datatype === 'Float' || datatype === 'Double') {
    if (typeof value !== 'number') return refuse(`${datatype} takes a number`);
    if (!Number.isFinite(value)) return refuse(`${value} is not a finite number`);
    if (datatype === 'Float' && Math.abs(value) > FLOAT32_MAX) return refuse(`${value} does not fit a Float`);
    return { ok: true, value };
  }
  if (datatype === 'Boolean') {
    if (typeof value === 'boolean') return { ok: true, value };
    if (value === 0 || value === 1) return { ok: true, value: value === 1 };
    return refuse('Boolean takes true or false (or 1 or 0)');
  }
  if (TEXT_TYPES.has(datatype)) {
    if (typeof value !== 'string') return refuse(`${datatype} takes text`);
    if (value.length > maxTextLength) return refuse(`text longer than ${maxTextLength} characters`);
    return { ok: true, value };
  }
  return refuse(`a ${datatype} metric cannot be written from Watchkeeper`);
}
