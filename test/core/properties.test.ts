/**
 * Property-based tests of the response reader (parse + normalize) with fast-check: arbitrary JSON,
 * and every fixture and simulator body mutated at a random place (wrong types, NaN/±Infinity,
 * negatives, bad dates, `__proto__`/`constructor` keys, deep nesting, long strings, huge arrays).
 * The reader either returns a view or throws a `TaskStatusError`, never anything else; the view
 * has no NaN, no invalid date, no negative duration, no progress outside 0–100; secrets never
 * survive; the same body always gives the same view.
 *
 * `npm test` runs FUZZ_RUNS (default 8,000) cases in all with a fixed seed; `npm run stress` runs
 * 1,000,000 with a fresh seed. On a failure fast-check prints the seed and path to replay it
 * (`FUZZ_SEED=… FUZZ_PATH=…`).
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { taskDurations, subtaskDurationMs } from '../../src/core/durations.js';
import { TaskStatusError } from '../../src/core/errors.js';
import { provisionalTask } from '../../src/core/provisional.js';
import { readTask } from '../../src/core/reader-chunk.js';
import type { TaskView } from '../../src/core/view.js';
import { frozenTask } from '../../src/simulator/simulator.js';
import { SCENARIOS } from '../../src/simulator/scenarios.js';
import * as kinds from '../fixtures/kinds.js';
import { seed } from '../support/fixtures.js';
import { fuzzSeed } from '../support/fuzz.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 8000);
const params = (share: number): fc.Parameters<unknown> => ({
  numRuns: Math.max(1, Math.round(RUNS * share)),
  seed: fuzzSeed(),
  path: process.env.FUZZ_PATH,
  endOnFailure: true,
});

const SECRET = 'SECRET-MARKER-7f3a';

/** Bodies to mutate: the seed, every SDK-typed fixture, every simulator scenario at 3 moments. */
const BODIES: unknown[] = [
  seed(),
  ...Object.values(kinds)
    .filter((v) => typeof v === 'object')
    .map((v) => ({ Response: v })),
  ...SCENARIOS.filter((scenario) => scenario !== 'bad-json').flatMap((scenario) =>
    [1000, 9000, 120_000].map((at) => frozenTask(scenario, at).body),
  ),
];

/** Every path to a value in a JSON tree (objects and arrays), the root excluded. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(path);
      paths(inner, path, out);
    }
  }
  return out;
}
const BODY_PATHS = BODIES.map((body) => paths(body));

const deep = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

/** What a hostile or broken backend puts where a value belongs. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    NaN,
    Infinity,
    -Infinity,
    -1,
    -5,
    -1e308,
    1e308,
    0,
    250,
    '',
    'FAIL',
    'SUCCESS',
    'FINISH',
    '0000-00-00T00:00:00Z',
    '2019-13-45T99:99:99Z',
    'not a date',
    '-271821-04-20T00:00:00Z',
    true,
    false,
    null,
    [],
    {},
    'javascript:alert(1)',
    '<img src=x onerror=alert(1)>',
  ),
  fc.jsonValue({ maxDepth: 3 }),
  // Deeper nesting is tested on its own (hostile.test.ts): fast-check cannot print it.
  fc.integer({ min: 1, max: 800 }).map((n) => deep(n)),
  fc.integer({ min: 1000, max: 50_000 }).map((n) => 'x'.repeat(n)),
  fc
    .integer({ min: 100, max: 20_000 })
    .map((n) => Array.from({ length: n }, (_, i) => `/p/${i}.jpg`)),
  fc.constant(JSON.parse('{"__proto__":{"Status":"FINISH","polluted":true}}')),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
  fc.constant({ S3SecretKey: SECRET, NotifyKey: SECRET, Url: `https://x/y?q-signature=${SECRET}` }),
);

/** A body with one value replaced, one key added, or one value deleted. */
const mutatedBody = fc
  .record({
    body: fc.nat({ max: BODIES.length - 1 }),
    at: fc.nat(),
    how: fc.constantFrom('replace', 'add', 'delete'),
    key: fc.constantFrom('__proto__', 'constructor', 'Status', 'Progress', 'Output', 'Path', 'X'),
    value: hostileValue,
  })
  .map(({ body: index, at, how, key, value }) => {
    const body = structuredClone(BODIES[index]) as Record<string, unknown>;
    const all = BODY_PATHS[index];
    const path = all[at % all.length];
    let parent: any = body;
    for (const step of path.slice(0, -1)) parent = parent[step];
    const last = path[path.length - 1];
    if (how === 'replace') parent[last] = value;
    else if (how === 'delete') delete parent[last];
    else if (parent[last] && typeof parent[last] === 'object') {
      Object.defineProperty(parent[last], key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return body;
  });

/** Reads a body as the watcher does; a `TaskStatusError` is a correct answer to a bad body. */
function read(body: unknown): TaskView | null {
  try {
    return readTask(body);
  } catch (error) {
    if (error instanceof TaskStatusError) return null;
    throw error;
  }
}

/** Every number in the view is finite; times are real dates; durations and progress in range. */
function assertSane(view: TaskView): void {
  const text = JSON.stringify(view, (_, v) => {
    if (typeof v === 'number') assert.ok(Number.isFinite(v), `non-finite number ${v}`);
    return v;
  });
  assert.ok(!text.includes(SECRET), 'a secret survived');
  for (const ms of [view.createdAt, view.startedAt, view.finishedAt]) {
    if (ms != null) assert.ok(!Number.isNaN(new Date(ms).getTime()), 'invalid date');
  }
  if (view.progress != null) assert.ok(view.progress >= 0 && view.progress <= 100);
  const now = 1_800_000_000_000;
  for (const d of Object.values(taskDurations(view, now))) assert.ok(d == null || d >= 0);
  for (const step of view.subtasks) {
    if (step.progress != null) assert.ok(step.progress >= 0 && step.progress <= 100);
    const d = subtaskDurationMs(step, now);
    assert.ok(d == null || d >= 0);
  }
  for (const output of view.outputs) {
    for (const n of [output.size, output.duration, output.bitrate, output.width, output.height]) {
      assert.ok(n == null || n >= 0, 'negative media fact');
    }
  }
}

const property = (body: unknown) => {
  const first = read(body);
  const second = read(structuredClone(body));
  assert.deepEqual(first, second, 'deterministic');
  if (first) assertSane(first);
  assert.equal(({} as { polluted?: unknown }).polluted, undefined, 'prototype polluted');
};

describe(`response reader properties (${RUNS} cases)`, () => {
  it('arbitrary JSON, bare or in an envelope, never breaks the reader', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.jsonValue().map((v) => ({ Response: v })),
        ),
        property,
      ),
      params(0.25),
    );
  });

  it('every fixture and simulator body, mutated at any place, never breaks the reader', () => {
    fc.assert(fc.property(mutatedBody, property), params(0.65));
  });

  it('a preview (the status alone, shown before the reader loads) is never one the reader rejects or reads otherwise', () => {
    // Half the bodies made previewable: a mutated body with a running status at the top.
    const running = fc
      .tuple(mutatedBody, fc.constantFrom('WAITING', 'PROCESSING'))
      .map(([body, status]) => {
        const inner = (body as { Response?: unknown }).Response ?? body;
        if (inner && typeof inner === 'object') (inner as { Status: unknown }).Status = status;
        return body;
      });
    let previewed = 0;
    fc.assert(
      fc.property(fc.oneof(mutatedBody, running), (body) => {
        const preview = provisionalTask(body);
        if (!preview) return;
        previewed++;
        assert.equal(readTask(body).status, preview.status); // throws if the reader rejects it
      }),
      params(0.1),
    );
    assert.ok(previewed > 0);
  });

  it('error envelopes of any shape become API errors', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (code, message) => {
        assert.throws(
          () => readTask({ Response: { Error: { Code: code, Message: message }, RequestId: 1 } }),
          TaskStatusError,
        );
      }),
      params(0.1),
    );
  });
});
