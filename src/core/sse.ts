/** One dispatched server-sent event. */
export interface SseMessage {
  /** `event:` (default `message`). */
  event: string;
  /** The `data:` lines, joined with `\n`. */
  data: string;
  /** The last event id seen on this stream, as `Last-Event-ID` would send it on a reconnect. */
  lastEventId: string;
}

/**
 * An incremental `text/event-stream` parser per the HTML standard's interpretation rules: chunks
 * may split anywhere (even between `\r` and `\n`); comment lines (`:`), unknown fields and events
 * without data are skipped. `retry:` is kept in `retryMs`.
 */
export class SseParser {
  lastEventId = '';
  retryMs: number | null = null;
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private sawCr = false;

  /** Feeds decoded text; returns the events it completed. */
  push(chunk: string): SseMessage[] {
    const out: SseMessage[] = [];
    // A `\r\n` split across chunks must not count as two line ends.
    if (this.sawCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.sawCr = chunk.endsWith('\r');
    const lines = (this.buffer + chunk).split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? '';
    for (const line of lines) this.line(line, out);
    return out;
  }

  private line(line: string, out: SseMessage[]): void {
    if (line === '') {
      if (this.data.length > 0)
        out.push({
          event: this.event || 'message',
          data: this.data.join('\n'),
          lastEventId: this.lastEventId,
        });
      this.data = [];
      this.event = '';
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
  }
}
