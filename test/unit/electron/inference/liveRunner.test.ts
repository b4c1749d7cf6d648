import ort from 'onnxruntime-node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeResults } from '../../../../electron/inference/liveResults.js';
import { LiveRunner } from '../../../../electron/inference/liveRunner.js';
import { MAX_ROWS } from '../../../../electron/inference/modelRunner.js';
import { GraphBuilder, int, ints } from '../../../../electron/inference/onnx/graphBuilder.js';
import { encodeModel } from '../../../../electron/inference/onnx/onnxModel.js';
import type {
  LiveBinding,
  LiveFailed,
  LiveResults,
  LiveRunning,
  LiveTrigger,
  RunReply,
  RunRequest,
  SampleBatch,
} from '../../../../electron/inference/types.js';
import { WorkerError } from '../../../../electron/platform/workerProtocol.js';
import { OnnxBindingSchema } from '../../../../shared/modelBindings.js';
import { Quality } from '../../../../shared/quality.js';
import { meanModel } from '../../../helpers/onnxModels.js';

const T0 = Date.UTC(2026, 5, 1, 12);
/** Tag numbers as the main thread gives them (liveInputs.ts). */
const IN = 1;
const DRIVE = 2;
const QUIET = 3;

/** `window` [N, steps, 1] with any number of steps → `mean` [N, 1]: one model, many window shapes. */
function anyStepsMeanModel(): Uint8Array {
  const g = new GraphBuilder('anySteps');
  const x = g.input('window', 'float32', ['N', 'S', 1]);
  g.output(g.op('ReduceMean', [x], { axes: ints([1]), keepdims: int(0) }), 'mean', 'float32', ['N', 1]);
  return encodeModel({ graph: g.build(), opset: 17 });
}

/**
 * The host's runModel, on real onnxruntime sessions in this process: as inference.process.ts
 * runs a request (minus one-row-at-a-time models, which no binding here uses), and as it answers
 * an unknown session (NOT_LOADED). Every request is kept, to see how the runner batched.
 */
const sessions = new Map<string, ort.InferenceSession>();
const requests: { key: string; rows: number; dims: number[] }[] = [];
async function runModel(request: RunRequest): Promise<RunReply> {
  requests.push({ key: request.key, rows: request.rows, dims: request.dims });
  const session = sessions.get(request.key);
  if (!session) throw new WorkerError('NOT_LOADED', `model ${request.key} is not loaded`);
  const started = performance.now();
  const feed = { [request.input]: new ort.Tensor('float32', request.data, request.dims) };
  const out = await session.run(feed, request.outputs);
  const reply: RunReply = { outputs: {}, runMs: performance.now() - started };
  for (const name of request.outputs) {
    const tensor = out[name]!;
    reply.outputs[name] = { data: Float64Array.from(tensor.data as Float32Array), dims: [...tensor.dims] };
  }
  return reply;
}

let handles = 0;
/** A binding of one input (tag IN unless told), its mean as output, run as `trigger` says. */
function spec(
  trigger: LiveTrigger,
  options: { key?: string; steps?: number; input?: string; tag?: number } = {},
) {
  const steps = options.steps ?? 1;
  const binding = OnnxBindingSchema.parse({
    kind: 'onnx',
    id: 'b',
    model: 'm.onnx',
    inputs: [{ tag: 'p/in' }],
    window: { steps, stepMs: 1000 },
    trigger: { kind: 'sample', tag: 'p/in' },
    outputs: [{ output: 'mean', tag: 'p/out' }],
  });
  return {
    binding,
    key: options.key ?? 'mean',
    input: options.input ?? 'window',
    shape: [steps, 1],
    splitRows: false,
    tags: [options.tag ?? IN],
    trigger,
    handle: ++handles,
  } satisfies LiveBinding;
}
const onSample = (tag: number): LiveTrigger => ({ kind: 'sample', tag });

function batch(...rows: [tag: number, ts: number, value: number][]): SampleBatch {
  return {
    tags: Uint32Array.from(rows, (r) => r[0]),
    ts: Float64Array.from(rows, (r) => r[1]),
    value: Float64Array.from(rows, (r) => r[2]),
    missing: new Uint8Array(rows.length),
    quality: new Uint32Array(rows.length).fill(Quality.Good),
  };
}

type Event =
  | ({ kind: 'running' } & LiveRunning & { startedAt: number })
  | ({ kind: 'results' } & LiveResults)
  | ({ kind: 'failed' } & LiveFailed);

/** A runner on the real sessions, its events in order, tags IN, DRIVE and QUIET kept a minute. */
function setup() {
  const events: Event[] = [];
  const runner = new LiveRunner(runModel, {
    running: (running) => events.push({ kind: 'running', ...running }),
    results: (results) => events.push({ kind: 'results', ...results }),
    failed: (failed) => events.push({ kind: 'failed', ...failed }),
  });
  runner.track({
    set: [IN, DRIVE, QUIET].map((tag) => ({ tag, spanMs: 60_000 })),
    drop: [],
  });
  const of = <K extends Event['kind']>(kind: K) =>
    events.filter((e): e is Extract<Event, { kind: K }> => e.kind === kind);
  /** Each run's result: its handles, window ends and first output values. */
  const runs = () =>
    of('results').map((r) => ({
      handles: r.handles,
      ends: [...r.ends],
      values: decodeResults(r.results).map((w) => (w.kind === 'values' ? w.values[0] : w.kind)),
    }));
  return { runner, events, of, runs };
}

describe('live runs in the host', () => {
  let stop: (() => void) | null = null;
  beforeAll(async () => {
    sessions.set('mean', await ort.InferenceSession.create(meanModel(1, 1)));
    sessions.set('anySteps', await ort.InferenceSession.create(anyStepsMeanModel()));
  });
  afterAll(async () => {
    for (const session of sessions.values()) await session.release();
  });
  afterEach(() => {
    stop?.();
    stop = null;
    requests.length = 0;
    vi.useRealTimers();
  });

  function start() {
    const s = setup();
    stop = () => s.runner.stop();
    return s;
  }

  it('runs the bindings a tag drives on its live samples, each window ending at the sample', async () => {
    const { runner, events, runs, of } = start();
    const own = spec(onSample(IN));
    const driven = spec(onSample(DRIVE));
    runner.bind('own', own);
    runner.bind('driven', driven);
    runner.samples(batch([IN, T0 - 1000, 4], [DRIVE, T0 - 1000, 0]), true);
    await runner.idle();
    expect(events).toEqual([]);

    runner.samples(batch([IN, T0, 5]), false);
    await runner.idle();
    runner.samples(batch([DRIVE, T0 + 500, 99]), false);
    await runner.idle();
    runner.samples(batch([QUIET, T0 + 600, 1]), false);
    await runner.idle();
    expect(runs()).toEqual([
      { handles: [own.handle], ends: [T0], values: [5] },
      // Driven by DRIVE, it reads IN: the value held at the driving sample's time.
      { handles: [driven.handle], ends: [T0 + 500], values: [5] },
    ]);
    expect(of('results').map((r) => [r.rows, r.dims, r.splitRows])).toEqual([
      [1, [1, 1, 1], false],
      [1, [1, 1, 1], false],
    ]);
    expect(of('results').every((r) => r.runMs !== null && r.runMs >= 0 && r.hostMs >= 0)).toBe(true);
  });

  it("runs a binding once per batch of samples, for its driving tag's newest", async () => {
    const { runner, runs } = start();
    const own = spec(onSample(IN));
    const driven = spec(onSample(DRIVE));
    runner.bind('own', own);
    runner.bind('driven', driven);
    runner.samples(batch([IN, T0, 1], [DRIVE, T0, 0], [IN, T0 + 1000, 2], [IN, T0 + 2000, 3]), false);
    await runner.idle();
    expect(runs()).toEqual([{ handles: [own.handle, driven.handle], ends: [T0 + 2000, T0], values: [3, 1] }]);
  });

  it('batches the due bindings of one model and window shape into one run, other shapes apart', async () => {
    const { runner, runs, of } = start();
    const one = [spec(onSample(IN)), spec(onSample(IN)), spec(onSample(IN))];
    const two = [
      spec(onSample(IN), { key: 'anySteps', steps: 2 }),
      spec(onSample(IN), { key: 'anySteps', steps: 2 }),
    ];
    const three = spec(onSample(IN), { key: 'anySteps', steps: 3 });
    [one[0]!, two[0]!, three, one[1]!, two[1]!, one[2]!].forEach((s, i) => runner.bind(`b${i}`, s));
    runner.samples(batch([IN, T0 - 2000, 0], [IN, T0 - 1000, 2]), true);
    runner.samples(batch([IN, T0, 4]), false);
    await runner.idle();
    expect(requests).toEqual([
      { key: 'mean', rows: 3, dims: [3, 1, 1] },
      { key: 'anySteps', rows: 2, dims: [2, 2, 1] },
      { key: 'anySteps', rows: 1, dims: [1, 3, 1] },
    ]);
    expect(runs()).toEqual([
      { handles: one.map((s) => s.handle), ends: [T0, T0, T0], values: [4, 4, 4] },
      { handles: two.map((s) => s.handle), ends: [T0, T0], values: [3, 3] },
      { handles: [three.handle], ends: [T0], values: [2] },
    ]);
    expect(of('results').map((r) => r.key)).toEqual(['mean', 'anySteps', 'anySteps']);
  });

  it(`runs more than ${MAX_ROWS} due bindings in runs of at most ${MAX_ROWS}`, async () => {
    const { runner, runs } = start();
    const specs = Array.from({ length: 2 * MAX_ROWS + 88 }, () => spec(onSample(IN)));
    specs.forEach((s, i) => runner.bind(`b${i}`, s));
    runner.samples(batch([IN, T0, 7]), false);
    await runner.idle();
    expect(requests.map((r) => r.rows)).toEqual([MAX_ROWS, MAX_ROWS, 88]);
    expect(runs().flatMap((r) => r.handles)).toEqual(specs.map((s) => s.handle));
    expect(runs().every((r) => r.values.every((v) => v === 7))).toBe(true);
  });

  it('keeps only the newest window of a binding due again while its run is out, and runs it next', async () => {
    const { runner, events, runs } = start();
    const own = spec(onSample(IN));
    runner.bind('own', own);
    runner.samples(batch([IN, T0, 1]), false);
    // Noted as started at once: the run is out while the next samples come.
    expect(events.map((e) => e.kind)).toEqual(['running']);
    runner.samples(batch([IN, T0 + 100, 2]), false);
    runner.samples(batch([IN, T0 + 200, 3]), false);
    await runner.idle();
    expect(runs()).toEqual([
      { handles: [own.handle], ends: [T0], values: [1] },
      { handles: [own.handle], ends: [T0 + 200], values: [3] },
    ]);
  });

  it('drops the pending window of a binding unbound meanwhile', async () => {
    const { runner, runs } = start();
    const own = spec(onSample(IN));
    runner.bind('own', own);
    runner.samples(batch([IN, T0, 1]), false);
    runner.samples(batch([IN, T0 + 100, 2]), false);
    runner.unbind('own');
    await runner.idle();
    expect(runs()).toEqual([{ handles: [own.handle], ends: [T0], values: [1] }]);
    runner.samples(batch([IN, T0 + 200, 3]), false);
    await runner.idle();
    expect(runs()).toHaveLength(1);
  });

  it('skips, without running it, a binding unbound while its group waits behind another run', async () => {
    const { runner, runs } = start();
    const first = spec(onSample(IN));
    const second = spec(onSample(IN), { key: 'anySteps' });
    runner.bind('first', first);
    runner.bind('second', second);
    runner.samples(batch([IN, T0, 1]), false);
    runner.unbind('second');
    await runner.idle();
    // Its result goes under the handle it had, which the main thread no longer owns.
    expect(runs()).toEqual([
      { handles: [first.handle], ends: [T0], values: [1] },
      { handles: [second.handle], ends: [T0], values: ['skip'] },
    ]);
    expect(requests.map((r) => r.key)).toEqual(['mean']);
  });

  it('still runs the rest of a waiting group when its first binding is unbound', async () => {
    const { runner, runs } = start();
    const first = spec(onSample(IN));
    const gone = spec(onSample(IN), { key: 'anySteps' });
    const kept = spec(onSample(IN), { key: 'anySteps' });
    runner.bind('first', first);
    runner.bind('gone', gone);
    runner.bind('kept', kept);
    runner.samples(batch([IN, T0, 1]), false);
    runner.unbind('gone');
    await runner.idle();
    expect(runs()).toEqual([
      { handles: [first.handle], ends: [T0], values: [1] },
      { handles: [gone.handle, kept.handle], ends: [T0, T0], values: ['skip', 1] },
    ]);
    expect(requests).toEqual([
      { key: 'mean', rows: 1, dims: [1, 1, 1] },
      { key: 'anySteps', rows: 1, dims: [1, 1, 1] },
    ]);
  });

  it('starts a run, and notes it started, only once the process is free of other work', async () => {
    // The host's queue (inference.process.ts): loads, asked-for runs and fits one at a time.
    let busy: Promise<unknown> = Promise.resolve();
    const exclusively = <T>(task: () => Promise<T>): Promise<T> => {
      const next = busy.then(task);
      busy = next.catch(() => {});
      return next;
    };
    const order: string[] = [];
    const runner = new LiveRunner(
      runModel,
      {
        running: (running) => order.push(`running ${running.seq}`),
        results: (results) => order.push(`results ${results.seq}`),
        failed: (failed) => order.push(`failed ${failed.seq}`),
      },
      exclusively,
    );
    stop = () => runner.stop();
    runner.track({ set: [{ tag: IN, spanMs: 60_000 }], drop: [] });
    runner.bind('own', spec(onSample(IN)));
    let release = () => {};
    const fit = exclusively(() =>
      new Promise<void>((resolve) => (release = resolve)).then(() => void order.push('fit done')),
    );
    runner.samples(batch([IN, T0, 1]), false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    release();
    await fit;
    await runner.idle();
    expect(order).toEqual(['fit done', 'running 1', 'results 1']);
  });

  it('notes each run as started before it runs, and its results or failure carry that number', async () => {
    const { runner, events } = start();
    const a = spec(onSample(IN));
    const b = spec(onSample(IN), { key: 'anySteps' });
    runner.bind('a', a);
    runner.bind('b', b);
    runner.samples(batch([IN, T0, 1]), false);
    runner.samples(batch([IN, T0 + 1000, 2]), false);
    await runner.idle();
    expect(events.map((e) => [e.kind, e.seq, e.handles])).toEqual([
      ['running', 1, [a.handle]],
      ['results', 1, [a.handle]],
      ['running', 2, [b.handle]],
      ['results', 2, [b.handle]],
      ['running', 3, [a.handle]],
      ['results', 3, [a.handle]],
      ['running', 4, [b.handle]],
      ['results', 4, [b.handle]],
    ]);
    for (const e of events) if (e.kind === 'running') expect(e.key).toBe(e.seq % 2 ? 'mean' : 'anySteps');
    // Triggered, then started, then done, on the one shared clock.
    const started = new Map(events.flatMap((e) => (e.kind === 'running' ? [[e.seq, e.startedAt]] : [])));
    for (const e of events)
      if (e.kind === 'results') expect(e.triggeredAt).toBeLessThanOrEqual(started.get(e.seq)!);
  });

  it('reports a run whose model throws as failed, with its code, and goes on with the others', async () => {
    const { runner, events, runs } = start();
    const unloaded = spec(onSample(IN), { key: 'gone' });
    const wrongInput = spec(onSample(IN), { key: 'anySteps', input: 'nope' });
    const fine = spec(onSample(IN));
    runner.bind('unloaded', unloaded);
    runner.bind('wrongInput', wrongInput);
    runner.bind('fine', fine);
    runner.samples(batch([IN, T0, 1]), false);
    await runner.idle();
    expect(events.filter((e) => e.kind !== 'running')).toMatchObject([
      {
        kind: 'failed',
        seq: 1,
        key: 'gone',
        handles: [unloaded.handle],
        code: 'NOT_LOADED',
        message: 'model gone is not loaded',
      },
      { kind: 'failed', seq: 2, key: 'anySteps', handles: [wrongInput.handle], code: 'INTERNAL' },
      { kind: 'results', seq: 3, handles: [fine.handle] },
    ]);
    // onnxruntime's own words: the model's input was not fed.
    expect((events[3] as LiveFailed).message).toMatch(/window/);
    runner.unbind('unloaded');
    runner.unbind('wrongInput');
    runner.samples(batch([IN, T0 + 1000, 2]), false);
    await runner.idle();
    expect(runs().at(-1)).toEqual({ handles: [fine.handle], ends: [T0 + 1000], values: [2] });
  });

  it('sends results without a run when no window could be filled', async () => {
    const { runner, of } = start();
    const empty = spec(onSample(DRIVE), { tag: QUIET });
    runner.bind('empty', empty);
    runner.samples(batch([DRIVE, T0, 1]), false);
    await runner.idle();
    expect(requests).toEqual([]);
    const [result] = of('results');
    expect(result).toMatchObject({ seq: 1, handles: [empty.handle], rows: 0, dims: [0, 1, 1], runMs: null });
    expect(decodeResults(result!.results)).toMatchObject([{ kind: 'bad' }]);
  });

  it('runs interval bindings at whole intervals of the clock, those due together in one run', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: T0 + 300 });
    const { runner, runs } = start();
    runner.samples(batch([IN, T0, 8], [IN, T0 + 1500, 9]), true);
    const second = spec({ kind: 'interval', everyMs: 1000 });
    const half = spec({ kind: 'interval', everyMs: 500 });
    runner.bind('second', second);
    runner.bind('half', half);
    await vi.advanceTimersByTimeAsync(199);
    await runner.idle();
    expect(runs()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await runner.idle();
    expect(runs()).toEqual([{ handles: [half.handle], ends: [T0 + 500], values: [8] }]);
    await vi.advanceTimersByTimeAsync(500);
    await runner.idle();
    await vi.advanceTimersByTimeAsync(500);
    await runner.idle();
    await vi.advanceTimersByTimeAsync(500);
    await runner.idle();
    expect(runs().slice(1)).toEqual([
      { handles: [second.handle, half.handle], ends: [T0 + 1000, T0 + 1000], values: [8, 8] },
      { handles: [half.handle], ends: [T0 + 1500], values: [9] },
      { handles: [second.handle, half.handle], ends: [T0 + 2000, T0 + 2000], values: [9, 9] },
    ]);
    expect(requests.map((r) => r.rows)).toEqual([1, 2, 1, 2]);
  });

  it('runs an interval binding once for the present after a late tick, not once per missed interval', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: T0 + 300 });
    const { runner, runs } = start();
    runner.samples(batch([IN, T0, 8]), true);
    const second = spec({ kind: 'interval', everyMs: 1000 });
    runner.bind('second', second);
    // The clock jumps 5 s while the timer waits (a host busy, or asleep).
    vi.setSystemTime(T0 + 5300);
    await vi.advanceTimersByTimeAsync(700);
    await runner.idle();
    expect(runs()).toEqual([{ handles: [second.handle], ends: [T0 + 6000], values: [8] }]);
    await vi.advanceTimersByTimeAsync(1000);
    await runner.idle();
    expect(runs().map((r) => r.ends)).toEqual([[T0 + 6000], [T0 + 7000]]);
  });

  it('stops: no interval fires, no pending window runs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: T0 + 300 });
    const { runner, runs } = start();
    runner.bind('second', spec({ kind: 'interval', everyMs: 1000 }));
    const own = spec(onSample(IN));
    runner.bind('own', own);
    runner.samples(batch([IN, T0, 1]), false);
    runner.samples(batch([IN, T0 + 100, 2]), false);
    runner.stop();
    await vi.advanceTimersByTimeAsync(5000);
    await runner.idle();
    expect(runs()).toEqual([{ handles: [own.handle], ends: [T0], values: [1] }]);
  });

  it('is idle at once with nothing due, and only once every result is out', async () => {
    const { runner, of } = start();
    await runner.idle();
    runner.bind('a', spec(onSample(IN)));
    runner.bind('b', spec(onSample(IN), { key: 'anySteps' }));
    runner.samples(batch([IN, T0, 1]), false);
    const idle = runner.idle();
    runner.samples(batch([IN, T0 + 100, 2]), false);
    await idle;
    expect(of('results')).toHaveLength(4);
  });
});
