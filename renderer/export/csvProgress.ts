const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
/** A first field longer than this is no timestamp; only its start is kept. */
const MAX_FIRST_FIELD = 64;

/**
 * Follows a CSV download's bytes to tell how far it is, without decoding or keeping them: counts
 * records (a line break outside quotes ends one, RFC 4180) and remembers the first field of the
 * last complete record, which in Watchkeeper's exports is the row's time. Works on bytes because
 * in UTF-8 no byte of a multi-byte character can be a quote, a comma or a line break.
 */
export class CsvRowCounter {
  private records = 0;
  private inQuotes = false;
  private inFirstField = true;
  private firstField = '';
  private lastFirstField: string | null = null;

  push(bytes: Uint8Array): void {
    let fieldStart = 0;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i]!;
      if (this.inQuotes) {
        // A doubled quote closes and reopens: still inside.
        if (byte === QUOTE) this.inQuotes = false;
      } else if (byte === QUOTE) {
        this.inQuotes = true;
      } else if (byte === COMMA && this.inFirstField) {
        this.keep(bytes, fieldStart, i);
        this.inFirstField = false;
      } else if (byte === LF) {
        if (this.inFirstField) this.keep(bytes, fieldStart, i);
        this.records++;
        this.lastFirstField = this.firstField;
        this.firstField = '';
        this.inFirstField = true;
        fieldStart = i + 1;
      }
    }
    if (this.inFirstField) this.keep(bytes, fieldStart, bytes.length);
  }

  /** Data rows seen complete, the header line not counted. */
  get rows(): number {
    return Math.max(0, this.records - 1);
  }

  /** The first field of the last complete row (its time), or null before the first row. */
  get lastFirstCell(): string | null {
    return this.records > 1 ? this.lastFirstField : null;
  }

  /** How far through [from, to] the rows have come, from the last row's time; 0 until known. */
  fraction(from: number, to: number): number {
    const ts = Date.parse(this.lastFirstCell ?? '');
    if (!Number.isFinite(ts) || !(to > from)) return 0;
    return Math.min(1, Math.max(0, (ts - from) / (to - from)));
  }

  private keep(bytes: Uint8Array, start: number, end: number): void {
    const room = MAX_FIRST_FIELD - this.firstField.length;
    if (room <= 0 || end <= start) return;
    const slice = bytes.subarray(start, Math.min(end, start + room));
    this.firstField += String.fromCharCode(...slice.filter((byte) => byte !== CR));
  }
}
