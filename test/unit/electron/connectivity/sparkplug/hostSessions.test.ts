import { describe, expect, it } from 'vitest';
import type { EncodablePayload } from '../../../../../electron/connectivity/sparkplug/codec.js';
import { NOW, nbirth, sampled, setup } from './hostHarness.js';

const NODE = 'spBv1.0/factory/NBIRTH/line1';
const dbirth = (seq: number, alias = 1): EncodablePayload => ({
  timestamp: NOW,
  seq,
  metrics: [{ name: 'flow', alias, type: 'Double', value: 0, timestamp: NOW }],
});
const ddata = (seq: number, value = seq): EncodablePayload => ({
  seq,
  metrics: [{ alias: 1, type: 'Double', value, timestamp: NOW + seq }],
});

/** An edge node line1 with device pump3 born, seq now at 5. */
function running() {
  const ctx = setup();
  ctx.send(NODE, nbirth(3));
  ctx.send('spBv1.0/factory/DBIRTH/line1/pump3', dbirth(1));
  for (const seq of [2, 3, 4, 5]) ctx.send('spBv1.0/factory/DDATA/line1/pump3', ddata(seq));
  const data = (seq: number) => ctx.send('spBv1.0/factory/DDATA/line1/pump3', ddata(seq));
  return { ...ctx, data };
}

describe('the Sparkplug host session', () => {
  it('delivers 6, 8, 7, 9 in order without asking for a rebirth', () => {
    const { data, rebirths, timers, errors } = running();
    const events = [6, 8, 7, 9].flatMap(data);
    expect(sampled(events)).toEqual([
      'line1/pump3/flow=6',
      'line1/pump3/flow=7',
      'line1/pump3/flow=8',
      'line1/pump3/flow=9',
    ]);
    timers.advance(10_000);
    expect(rebirths).toEqual([]);
    expect(timers.count).toBe(0);
    expect(errors.snapshot().errorTotal).toBe(0);
  });

  it('asks for a rebirth once a real gap outlasts the reorder timeout, delivering the held messages then', () => {
    const { data, rebirths, timers, delivered, host, errors } = running();
    expect(sampled([6, 8, 9].flatMap(data))).toEqual(['line1/pump3/flow=6']);
    timers.advance(1_000);
    expect(rebirths).toEqual([]);
    timers.advance(1_000);
    expect(rebirths).toEqual(['factory/line1: seq gap']);
    expect(sampled(delivered)).toEqual(['line1/pump3/flow=8', 'line1/pump3/flow=9']);
    expect(sampled(data(10))).toEqual(['line1/pump3/flow=10']);
    expect(host.rebirthCounts()).toEqual({ 'seq gap': 1 });
    expect(errors.snapshot().errors).toEqual({ 'sparkplug.seq_gap': 1 });
  });

  it('delivers what it held before a new NBIRTH starts the next session', () => {
    const { data, send, timers } = running();
    data(7);
    const events = send(NODE, nbirth(4));
    expect(sampled(events)).toEqual(['line1/pump3/flow=7']);
    expect(timers.count).toBe(0);
  });

  it('leaves no timer behind and loses no held message when stopped', () => {
    const { data, host, timers, delivered } = running();
    data(8);
    expect(timers.count).toBe(1);
    host.stop();
    expect(timers.count).toBe(0);
    expect(sampled(delivered)).toEqual(['line1/pump3/flow=8']);
  });

  it('asks for a rebirth on DATA, DBIRTH or DDEATH from a node without an NBIRTH, counting by cause', () => {
    const { send, rebirths, host } = setup();
    send('spBv1.0/factory/NDATA/line1', { seq: 3, metrics: [] });
    send('spBv1.0/factory/DBIRTH/line1/pump3', dbirth(4));
    send('spBv1.0/factory/DDEATH/line1/pump3', { seq: 5, metrics: [] });
    expect(rebirths).toEqual([
      'factory/line1: before NBIRTH',
      'factory/line1: before NBIRTH',
      'factory/line1: before NBIRTH',
    ]);
    expect(host.rebirthCounts()).toEqual({ 'before NBIRTH': 3 });
  });

  it('asks for a rebirth on DDATA from a device without a DBIRTH', () => {
    const { send, rebirths } = setup();
    send(NODE, nbirth(0));
    expect(send('spBv1.0/factory/DDATA/line1/pump9', ddata(1))).toEqual([]);
    expect(rebirths).toEqual(['factory/line1: DDATA without DBIRTH']);
  });

  it('asks for a rebirth on a metric name no birth gave, and counts it', () => {
    const { send, rebirths, errors } = running();
    const events = send('spBv1.0/factory/DDATA/line1/pump3', {
      seq: 6,
      metrics: [
        { name: 'pressure', type: 'Double', value: 1 },
        { name: 'flow', type: 'Double', value: 2 },
      ],
    });
    expect(sampled(events)).toEqual(['line1/pump3/flow=2']);
    expect(rebirths).toEqual(['factory/line1: unknown metric']);
    expect(errors.snapshot().errors).toEqual({ 'sparkplug.unknown_metric': 1 });
  });

  it('counts an alias used twice across the node and asks for a rebirth', () => {
    const { send, rebirths, errors } = setup();
    send(NODE, nbirth(0));
    send('spBv1.0/factory/DBIRTH/line1/pump3', dbirth(1, 7));
    send('spBv1.0/factory/DBIRTH/line1/pump4', dbirth(2, 7));
    expect(errors.snapshot().errors).toEqual({ 'sparkplug.alias_collision': 1 });
    expect(rebirths).toEqual(['factory/line1: alias collision']);
  });

  it('lets a device be born again with other aliases without calling it a collision', () => {
    const { send, rebirths, errors } = setup();
    send(NODE, nbirth(0));
    send('spBv1.0/factory/DBIRTH/line1/pump3', dbirth(1, 7));
    send('spBv1.0/factory/DBIRTH/line1/pump3', dbirth(2, 8));
    const events = send('spBv1.0/factory/DDATA/line1/pump3', {
      seq: 3,
      metrics: [{ alias: 8, type: 'Double', value: 4 }],
    });
    expect(sampled(events)).toEqual(['line1/pump3/flow=4']);
    expect(rebirths).toEqual([]);
    expect(errors.snapshot().errorTotal).toBe(0);
  });

  it('ignores and logs a late NDEATH from an older session, then acts on the current one at host time', () => {
    const { send, data, errors, log } = running();
    const late = { timestamp: NOW - 60_000, metrics: [{ name: 'bdSeq', type: 'UInt64', value: 2 }] };
    expect(send('spBv1.0/factory/NDEATH/line1', late)).toEqual([]);
    expect(errors.snapshot().errors).toEqual({ 'sparkplug.late_ndeath': 1 });
    expect(log.lines.some((line) => line.includes('NDEATH bdSeq 2, current session 3; ignored'))).toBe(true);
    expect(sampled(data(6))).toEqual(['line1/pump3/flow=6']);
    const death = { timestamp: NOW - 60_000, metrics: [{ name: 'bdSeq', type: 'UInt64', value: 3 }] };
    expect(send('spBv1.0/factory/NDEATH/line1', death)).toEqual([
      { kind: 'offline', device: { id: 'line1', area: 'line1', protocol: 'sparkplug' }, ts: NOW },
      { kind: 'offline', device: { id: 'line1/pump3', area: 'line1', protocol: 'sparkplug' }, ts: NOW },
    ]);
  });

  it('takes a device offline on DDEATH at the DDEATH payload time', () => {
    const { send } = running();
    expect(send('spBv1.0/factory/DDEATH/line1/pump3', { seq: 6, timestamp: NOW - 500, metrics: [] })).toEqual(
      [
        {
          kind: 'offline',
          device: { id: 'line1/pump3', area: 'line1', protocol: 'sparkplug' },
          ts: NOW - 500,
        },
      ],
    );
  });

  it("leaves a node's known devices stale after a new NBIRTH until their own DBIRTH", () => {
    const { send } = running();
    const events = send(NODE, nbirth(4));
    expect(events).toEqual([
      { kind: 'offline', device: { id: 'line1/pump3', area: 'line1', protocol: 'sparkplug' }, ts: NOW },
    ]);
    const birth = send('spBv1.0/factory/DBIRTH/line1/pump3', dbirth(1));
    expect(birth.map((e) => e.kind)).toEqual(['tags', 'samples']);
  });
});
