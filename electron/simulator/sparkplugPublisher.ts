import { MqttLink, type MqttMessage, type PlantPublisher, type PublishCount } from './mqttLink.js';
import type { DeviceDef, DeviceReading, WriteResult } from './plantModel.js';
import { SparkplugEdgeNode, isRebirthRequest, type DeviceWrite } from './sparkplugEdgeNode.js';

export interface SparkplugPublisherOptions {
  brokerUrl: string;
  /** Base MQTT client id; each edge node connects as `{clientId}-{area}`. */
  clientId: string;
  devices: readonly DeviceDef[];
  groupId?: string;
  log: (line: string) => void;
  now: () => number;
  /** Applies a host's write (DCMD) to the plant; unset: writes are ignored. */
  write?: (area: string, device: string, tag: string, value: number | boolean | string) => WriteResult;
}

interface EdgeNodeLink {
  node: SparkplugEdgeNode;
  link: MqttLink;
  /** bdSeq the Will of the next CONNECT carries; NBIRTH must repeat it. */
  willBdSeq: number;
  /** NCMD subscription acknowledged for this connection: births may go out. */
  ready: boolean;
}

/**
 * Publishes the plant as Sparkplug B: one edge node per area, each on its own MQTT connection
 * because the NDEATH Will (with that connection's bdSeq) is per connection. Message building
 * lives in SparkplugEdgeNode; this class only moves bytes and reacts to connects and NCMDs.
 */
export class SparkplugPublisher implements PlantPublisher {
  private readonly nodes: EdgeNodeLink[] = [];
  private lastReadings: readonly DeviceReading[] = [];
  private lastMs = 0;
  private readonly totals: PublishCount = { messages: 0, samples: 0 };

  constructor(private readonly options: SparkplugPublisherOptions) {}

  start(): void {
    const { devices, groupId, now } = this.options;
    const areas = [...new Set(devices.map((d) => d.area))];
    for (const area of areas) {
      const node = new SparkplugEdgeNode({
        edgeNodeId: area,
        devices: devices.filter((d) => d.area === area),
        ...(groupId === undefined ? {} : { groupId }),
      });
      const entry: EdgeNodeLink = {
        node,
        willBdSeq: 0,
        ready: false,
        link: new MqttLink({
          brokerUrl: this.options.brokerUrl,
          clientId: `${this.options.clientId}-${area}`,
          label: `sparkplug ${area}`,
          log: this.options.log,
          will: node.deathMessage(now(), 0),
          onConnect: () => this.onConnect(entry),
          onMessage: (topic, payload) => this.onMessage(entry, topic, payload),
        }),
      };
      this.nodes.push(entry);
    }
  }

  publish(readings: readonly DeviceReading[], nowMs: number): void {
    this.lastReadings = readings;
    this.lastMs = nowMs;
    for (const entry of this.nodes) {
      if (!entry.ready || !entry.link.connected) continue;
      const messages = entry.node.isBorn
        ? entry.node.dataMessages(readings, nowMs)
        : entry.node.birthMessages(readings, nowMs);
      this.send(entry, messages);
    }
  }

  counts(): PublishCount {
    return { ...this.totals };
  }

  /** Clean shutdown: an explicit NDEATH per edge node, then DISCONNECT so the broker drops the Will. */
  async stop(): Promise<void> {
    const nodes = this.nodes.splice(0);
    await Promise.all(
      nodes.map(({ node, link }) =>
        link.close(node.isBorn ? node.deathMessage(this.options.now()) : undefined),
      ),
    );
  }

  /** A new connection is a new Sparkplug session: its bdSeq is the one its Will carried. */
  private onConnect(entry: EdgeNodeLink): void {
    entry.ready = false;
    entry.node.beginSession(entry.willBdSeq);
    entry.willBdSeq = (entry.willBdSeq + 1) & 0xff;
    entry.link.setWill(entry.node.deathMessage(this.options.now(), entry.willBdSeq));
    entry.link.subscribe(entry.node.deviceCommandFilter, () => {});
    // Subscribe to NCMD before NBIRTH so a host's rebirth request cannot fall between the two.
    entry.link.subscribe(entry.node.commandTopic, () => {
      entry.ready = true;
      if (this.lastReadings.length > 0)
        this.send(entry, entry.node.birthMessages(this.lastReadings, this.lastMs));
    });
  }

  private onMessage(entry: EdgeNodeLink, topic: string, payload: Buffer): void {
    if (topic !== entry.node.commandTopic) {
      for (const write of entry.node.deviceCommands(topic, payload)) this.applyWrite(write);
      return;
    }
    if (!isRebirthRequest(payload)) return;
    this.options.log(`sparkplug ${entry.node.edgeNodeId}: rebirth requested`);
    if (entry.ready && this.lastReadings.length > 0) {
      this.send(entry, entry.node.birthMessages(this.lastReadings, this.options.now()));
    }
  }

  /** The device takes the value (seen in its next DDATA) or ignores it, as a real one would. */
  private applyWrite({ area, device, tag, value }: DeviceWrite): void {
    const result = this.options.write?.(area, device, tag, value) ?? { ok: false, reason: 'writes are off' };
    this.options.log(
      `sparkplug ${area}/${device}: DCMD ${tag} = ${String(value)} ${result.ok ? 'applied' : `ignored (${result.reason})`}`,
    );
  }

  private send(entry: EdgeNodeLink, messages: readonly MqttMessage[]): void {
    for (const message of messages) {
      if (!entry.link.send(message)) continue;
      this.totals.messages += 1;
      this.totals.samples += message.samples;
    }
  }
}
