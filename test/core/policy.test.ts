import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { nextPollDelay, retryDelay, type PollPolicyInput } from '../../src/core/policy.js';

const base: PollPolicyInput = {
  status: 'PROCESSING',
  milestone: false,
  quietCount: 0,
  predictedFinishAt: null,
  now: 0,
  minMs: 1000,
  maxMs: 15_000,
  random: 0.5,
};
const delay = (p: Partial<PollPolicyInput>) => nextPollDelay({ ...base, ...p });

describe('nextPollDelay', () => {
  it('stops at FINISH', () => assert.equal(delay({ status: 'FINISH' }), false));
  it('is gentle while WAITING and stretches while nothing changes', () => {
    const seq = [0, 1, 2, 3, 10].map((q) => delay({ status: 'WAITING', quietCount: q }) as number);
    assert.equal(seq[0], 3000);
    assert.ok(seq[1] > seq[0] && seq[2] > seq[1] && seq[3] > seq[2]);
    assert.equal(seq[4], 15_000);
  });
  it('is quick right after a milestone', () =>
    assert.equal(delay({ milestone: true, quietCount: 5 }), 2000));
  it('decays while nothing changes and no rate is known', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 20].map((q) => delay({ quietCount: q })),
      [2000, 3000, 4500, 6750, 15_000],
    );
  });
  it('aims at the predicted finish: equal long steps while far, one poll just after it', () => {
    assert.equal(delay({ predictedFinishAt: 100_000 }), Math.round(100_300 / 7));
    assert.equal(delay({ predictedFinishAt: 8000 }), 8300);
    assert.equal(delay({ predictedFinishAt: 200 }), 1000, 'never under min');
  });
  it('stays close when the estimate was early, backing off if far off', () => {
    assert.equal(delay({ predictedFinishAt: -1000 }), 1100);
    assert.equal(delay({ predictedFinishAt: -60_000 }), 7000);
    assert.equal(delay({ predictedFinishAt: -600_000 }), 15_000);
  });
  it('always stays within [min, max], whatever the jitter', () => {
    for (const random of [0, 0.25, 0.5, 0.999]) {
      for (const p of [
        { status: 'WAITING', quietCount: 50 },
        { milestone: true },
        { quietCount: 99 },
        { predictedFinishAt: 1e9 },
        { predictedFinishAt: -1e9 },
      ]) {
        const d = delay({ ...p, random, minMs: 1500, maxMs: 9000 }) as number;
        assert.ok(d >= 1500 && d <= 9000, `${JSON.stringify(p)} → ${d}`);
      }
    }
  });
  it('jitters unaimed delays by ±10 %', () => {
    assert.equal(delay({ quietCount: 1, random: 0 }), 2700);
    assert.equal(delay({ quietCount: 1, random: 0.999 }), 3299);
  });
});

describe('retryDelay', () => {
  it('backs off min(1000·2^n, 30000) × 0.5–1.5', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => retryDelay(n, 0.5)),
      [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000],
    );
    assert.equal(retryDelay(3, 0), 2000);
    assert.equal(retryDelay(3, 0.999), 5996);
  });
  it('lets Retry-After win', () => {
    assert.equal(retryDelay(1, 0.5, 7000), 7000);
    assert.equal(retryDelay(6, 0.5, 2000), 2000);
  });
});
