/**
 * OPC UA StatusCodes, stored whole (32-bit) with every sample. Severity is the top two bits:
 * 0 good, 1 uncertain, 2 bad. Source: OPC UA Part 4/6; see ../shared/reference/quality-codes.md.
 */
export const Quality = {
  Good: 0x00000000,
  GoodLocalOverride: 0x00960000,
  Uncertain: 0x40000000,
  UncertainNoCommunicationLastUsableValue: 0x408f0000,
  UncertainLastUsableValue: 0x40900000,
  UncertainEngineeringUnitsExceeded: 0x40940000,
  Bad: 0x80000000,
  BadConfigurationError: 0x80890000,
  BadNotConnected: 0x808a0000,
  BadDeviceFailure: 0x808b0000,
  BadSensorFailure: 0x808c0000,
  BadOutOfService: 0x808d0000,
  BadNoCommunication: 0x80310000,
  BadWaitingForInitialData: 0x80320000,
  BadCommunicationError: 0x80050000,
  BadOutOfRange: 0x803c0000,
  BadTypeMismatch: 0x80740000,
} as const;

export type QualitySeverity = 'good' | 'uncertain' | 'bad';

const namesByCode = new Map<number, string>(Object.entries(Quality).map(([name, code]) => [code, name]));

export function qualitySeverity(code: number): QualitySeverity {
  const severity = code >>> 30;
  if (severity === 0) return 'good';
  if (severity === 1) return 'uncertain';
  return 'bad';
}

/** A readable name for a status code, falling back to its severity and hex value. */
export function qualityName(code: number): string {
  const unsigned = code >>> 0;
  return (
    namesByCode.get(unsigned) ?? `${qualitySeverity(unsigned)} (0x${unsigned.toString(16).padStart(8, '0')})`
  );
}

/** Aggregates carry the worst quality of their inputs: bad beats uncertain beats good. */
export function worseQuality(a: number, b: number): number {
  return b >>> 30 > a >>> 30 ? b : a;
}

/**
 * Maps the classic OPC DA 8-bit quality that Sparkplug's optional `Quality` property uses
 * (plus Sparkplug's 500 for stale) to a full StatusCode.
 */
export function qualityFromDa(daQuality: number): number {
  switch (daQuality) {
    case 192:
      return Quality.Good;
    case 216:
      return Quality.GoodLocalOverride;
    case 64:
      return Quality.Uncertain;
    case 68:
      return Quality.UncertainLastUsableValue;
    case 84:
      return Quality.UncertainEngineeringUnitsExceeded;
    case 500:
      return Quality.UncertainNoCommunicationLastUsableValue;
    case 4:
      return Quality.BadConfigurationError;
    case 8:
      return Quality.BadNotConnected;
    case 12:
      return Quality.BadDeviceFailure;
    case 16:
      return Quality.BadSensorFailure;
    case 24:
      return Quality.BadCommunicationError;
    case 28:
      return Quality.BadOutOfService;
    case 32:
      return Quality.BadWaitingForInitialData;
    default:
      if (daQuality >= 192) return Quality.Good;
      if (daQuality >= 64) return Quality.Uncertain;
      return Quality.Bad;
  }
}
