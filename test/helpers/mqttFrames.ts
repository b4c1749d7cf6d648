/**
 * Splits a byte stream into MQTT control packets by their fixed header (type in the high
 * nibble of byte 0, then the remaining length as a 1–4 byte varint: MQTT 3.1.1 §2.2, the same in
 * MQTT 5). Enough for the test proxy to tell a PUBLISH from a PUBACK; payloads are not read.
 */
export const PUBLISH = 3;
export const PUBACK = 4;

export class MqttFrames {
  private pending: Buffer = Buffer.alloc(0);

  /** Adds bytes; returns the packets now complete, in order. */
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const packets: Buffer[] = [];
    for (;;) {
      const length = packetLength(this.pending);
      if (length === null || length > this.pending.length) break;
      packets.push(this.pending.subarray(0, length));
      this.pending = this.pending.subarray(length);
    }
    return packets;
  }

  /** Bytes of a packet not complete yet. */
  get partial(): Buffer {
    return this.pending;
  }
}

export function packetType(packet: Buffer): number {
  return (packet[0] ?? 0) >> 4;
}

/** Whole length of the packet that starts `buffer`, or null while the header is incomplete. */
function packetLength(buffer: Buffer): number | null {
  let remaining = 0;
  for (let i = 1; i <= 4; i++) {
    const byte = buffer[i];
    if (byte === undefined) return null;
    remaining += (byte & 0x7f) * 128 ** (i - 1);
    if ((byte & 0x80) === 0) return 1 + i + remaining;
  }
  throw new Error('malformed MQTT remaining length');
}
