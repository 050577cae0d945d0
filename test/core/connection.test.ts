import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { reduceConnection, reduceFollower } from '../../src/core/connection.js';
import { TaskStatusError } from '../../src/core/errors.js';
import { afterFailure } from '../../src/core/retry.js';
import { initialSnapshot } from '../../src/core/snapshot.js';
import type { TaskView } from '../../src/core/view.js';

const task = { status: 'PROCESSING' } as TaskView;
const error = (init: Partial<ConstructorParameters<typeof TaskStatusError>[0]> = {}) =>
  new TaskStatusError({ kind: 'http', retryable: true, message: 'x', ...init });
const received = (streaming: boolean, done = false) =>
  ({
    type: 'received',
    task,
    predictedFinishAt: null,
    serverOffsetMs: 0,
    done,
    streaming,
  }) as const;

describe('reduceConnection: the watcher state machine by named actions', () => {
  it('requested → loading; received → polling or streaming; done → stopped', () => {
    let s = reduceConnection(initialSnapshot('t'), { type: 'requested' });
    assert.equal(s.connection, 'loading');
    assert.equal(reduceConnection(s, received(false)).connection, 'polling');
    s = reduceConnection(s, received(true));
    assert.equal(s.connection, 'streaming');
    assert.equal(reduceConnection(s, received(true, true)).connection, 'stopped');
  });

  it('previewed (the status alone, before the reader) shows a first status once; the request still counts as in flight', () => {
    const loading = reduceFollower(
      { snapshot: initialSnapshot('t'), transport: 'polled', fetching: false },
      { type: 'requested' },
    );
    const previewed = reduceFollower(loading, { type: 'previewed', task });
    assert.equal(previewed.snapshot.task, task);
    assert.equal(previewed.snapshot.connection, 'polling');
    assert.equal(previewed.fetching, true, 'the answer is still being read');
    const shown = reduceConnection(previewed.snapshot, received(false));
    assert.equal(reduceConnection(shown, { type: 'previewed', task: { ...task } }), shown);
  });

  it('returns the same object when nothing changes (no render, no event)', () => {
    const s = reduceConnection(initialSnapshot('t'), received(false));
    assert.equal(reduceConnection(s, received(false)), s);
    assert.equal(reduceConnection(s, { type: 'streamLost' }), s);
    assert.equal(reduceConnection(s, { type: 'requested' }), s, 'data stays on screen');
  });

  it('streamOpened turns a polling or paused task with data into streaming; streamLost back to polling', () => {
    const polling = reduceConnection(initialSnapshot('t'), received(false));
    const streaming = reduceConnection(polling, { type: 'streamOpened' });
    assert.equal(streaming.connection, 'streaming');
    assert.equal(reduceConnection(streaming, { type: 'streamLost' }).connection, 'polling');
    const paused = reduceConnection(polling, { type: 'paused', reason: 'hidden' });
    assert.equal(reduceConnection(paused, { type: 'streamOpened' }).connection, 'streaming');
    const noData = initialSnapshot('t');
    assert.equal(reduceConnection(noData, { type: 'streamOpened' }), noData, 'nothing to show yet');
    const failing = reduceConnection(polling, {
      type: 'failed',
      error: error(),
      attempt: 1,
      nextRetryAt: 5,
    });
    assert.equal(
      reduceConnection(failing, { type: 'streamOpened' }),
      failing,
      'an error stays until data',
    );
  });

  it('failed keeps the data (stale) and counts attempts; refreshed starts over; received clears errors', () => {
    const withData = reduceConnection(initialSnapshot('t'), received(false));
    const failed = reduceConnection(withData, {
      type: 'failed',
      error: error(),
      attempt: 2,
      nextRetryAt: 9,
    });
    assert.deepEqual(
      [failed.connection, failed.attempt, failed.nextRetryAt, failed.task],
      ['retrying', 2, 9, task],
    );
    const refreshed = reduceConnection(failed, { type: 'refreshed' });
    assert.deepEqual([refreshed.connection, refreshed.attempt], ['polling', 0]);
    const back = reduceConnection(failed, received(false));
    assert.deepEqual([back.error, back.attempt, back.nextRetryAt], [null, 0, null]);
  });
});

describe('afterFailure: the retry bookkeeping', () => {
  const opts = { maxAttempts: 8, online: true, random: 0.5 };
  it('pauses a network failure while offline, without counting it', () => {
    assert.deepEqual(afterFailure(error({ kind: 'network' }), 3, { ...opts, online: false }), {
      do: 'pause',
    });
  });
  it('stops at once on what cannot get better, and after maxAttempts on the rest', () => {
    assert.deepEqual(afterFailure(error({ kind: 'not-found', retryable: false }), 0, opts), {
      do: 'stop',
      attempt: 1,
    });
    assert.deepEqual(afterFailure(error(), 7, opts), { do: 'stop', attempt: 8 });
    assert.deepEqual(afterFailure(error(), 6, opts), { do: 'retry', attempt: 7, delayMs: 30_000 });
  });
  it('gives an unreadable body three tries; rate limiting only ever slows down', () => {
    assert.equal(afterFailure(error({ kind: 'invalid' }), 2, opts).do, 'stop');
    const paced = afterFailure(error({ status: 429, retryAfterMs: 4000 }), 50, opts);
    assert.deepEqual(paced, { do: 'retry', attempt: 51, delayMs: 4000 });
  });
});
