import type { DeviceReading } from './plantModel.js';

/** One MQTT publish, built by a pure formatter and sent by a publisher. */
export interface MqttMessage {
  topic: string;
  payload: Uint8Array | string;
  qos: 0 | 1;
  /** Tag values carried, for the simulator's statistics. */
  samples: number;
}

/** Totals since start: MQTT messages handed to the client and the tag values inside them. */
export interface PublishCount {
  messages: number;
  samples: number;
}

/**
 * What the simulator needs from a wire format: connect, publish a tick, leave cleanly. Each
 * format owns its MQTT connections because Sparkplug needs one per edge node (each with its own
 * Will), while JSON needs just one.
 */
export interface PlantPublisher {
  start(): void;
  publish(readings: readonly DeviceReading[], nowMs: number): void;
  counts(): PublishCount;
  stop(): Promise<void>;
}
