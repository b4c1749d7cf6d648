import { z } from 'zod';

/**
 * The Sparkplug 3.0 host application's STATE message (sparkplug-host.md, "Host session"):
 * retained at QoS 1 on `spBv1.0/STATE/{hostId}`, so edge nodes can tell whether their primary
 * host is online and which session a message belongs to.
 */
export const HostStatePayloadSchema = z.object({
  online: z.boolean(),
  timestamp: z.number().int().min(0),
});
export type HostStatePayload = z.infer<typeof HostStatePayloadSchema>;

export function hostStateTopic(hostId: string): string {
  return `spBv1.0/STATE/${hostId}`;
}

export function hostStatePayload(online: boolean, timestamp: number): Buffer {
  return Buffer.from(JSON.stringify({ online, timestamp } satisfies HostStatePayload));
}

/** A STATE payload, or null when it is not one (another host's garbage must not throw). */
export function parseHostState(payload: Uint8Array): HostStatePayload | null {
  try {
    const parsed = HostStatePayloadSchema.safeParse(JSON.parse(Buffer.from(payload).toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
