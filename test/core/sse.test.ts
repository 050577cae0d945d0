import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SseParser } from '../../src/core/sse.js';

describe('SseParser (text/event-stream framing)', () => {
  it('reads events, ids, retry, multi-line data; skips comments and data-less events', () => {
    const p = new SseParser();
    const out = p.push(
      'retry: 1500\n: heartbeat\n\nevent: task\nid: "e1"\ndata: {"a":1}\n\ndata: one\ndata:two\n\nevent: empty\n\n',
    );
    assert.deepEqual(out, [
      { event: 'task', data: '{"a":1}', lastEventId: '"e1"' },
      { event: 'message', data: 'one\ntwo', lastEventId: '"e1"' },
    ]);
    assert.equal(p.retryMs, 1500);
  });

  it('ignores an id with NUL and a non-numeric retry', () => {
    const p = new SseParser();
    p.push('id: ok\ndata: x\n\nid: bad\0\nretry: soon\ndata: y\n\n');
    assert.equal(p.lastEventId, 'ok');
    assert.equal(p.retryMs, null);
  });

  it('gives the same events however the text is split (CR, LF, CRLF; split inside CRLF)', () => {
    const text =
      'event: task\r\nid: 7\r\ndata: {"x":"y"}\r\n\r\nevent: b\rdata: 2\r\r: c\ndata: 3\n\n';
    const whole = new SseParser().push(text);
    assert.equal(whole.length, 3);
    fc.assert(
      fc.property(fc.array(fc.nat(text.length), { maxLength: 8 }), (cuts) => {
        const p = new SseParser();
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const events = [];
        let last = 0;
        for (const cut of [...points, text.length]) {
          events.push(...p.push(text.slice(last, cut)));
          last = cut;
        }
        assert.deepEqual(events, whole);
      }),
    );
  });
});
