import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { FeedPace } from '../../src/server/feed-pace.js';
import type { Answer } from '../../src/server/upstream-answer.js';

/** An answer for a transcode at `progress` percent, started at `startedAt` (ISO). */
function processing(progress: number, startedAt: string): Answer {
  const body = JSON.stringify({
    TaskType: 'WorkflowTask',
    Status: 'PROCESSING',
    BeginProcessTime: startedAt,
    WorkflowTask: {
      TaskId: 't-1',
      Status: 'PROCESSING',
      MediaProcessResultSet: [
        { Type: 'Transcode', TranscodeTask: { Status: 'PROCESSING', Progress: progress } },
      ],
    },
  });
  return { body, etag: `"${progress}"`, finished: false, fetchedAt: 0 };
}

const limits = { minMs: 2000, maxMs: 15_000 };

describe("a feed's pace", () => {
  it('follows the task: a step with a known rate is asked for just after its predicted finish, not every 2 s', () => {
    const pace = new FeedPace(() => 0.5);
    const start = Date.parse('2026-12-01T00:00:00Z');
    assert.equal(
      typeof pace.after(processing(10, '2026-12-01T00:00:00Z'), start + 10_000, limits),
      'number',
    );
    // 20 % after 20 s: 1 %/s, about 80 s to go, so the next ask is a long step (within the max).
    const next = pace.after(
      processing(20, '2026-12-01T00:00:00Z'),
      start + 20_000,
      limits,
    ) as number;
    assert.ok(next > 10_000 && next <= 15_000, `${next} ms`);
    // Near the end the ask lands just after the predicted finish.
    const near = pace.after(
      processing(97, '2026-12-01T00:00:00Z'),
      start + 97_000,
      limits,
    ) as number;
    assert.ok(near >= 2000 && near < 4000, `${near} ms`);
  });

  it('stops at FINISH, and a quiet task is asked less and less often', () => {
    const pace = new FeedPace(() => 0.5);
    const waiting: Answer = {
      body: JSON.stringify({
        TaskType: 'WorkflowTask',
        Status: 'WAITING',
        WorkflowTask: { TaskId: 't-1', Status: 'WAITING' },
      }),
      etag: '"w"',
      finished: false,
      fetchedAt: 0,
    };
    const delays = [0, 1, 2, 3].map(() => pace.after(waiting, 0, limits) as number);
    assert.ok(delays[3] > delays[0] * 2, delays.join(', '));
    assert.equal(pace.after({ ...waiting, finished: true }, 0, limits), false);
  });
});
