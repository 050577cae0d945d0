import type { PartContext } from './context.js';

const DAY_S = 86_400;

/**
 * A time relative to now ("15 sec ago", "3 min ago", "in 2 hr"), on the card's one clock and with
 * the elapsed time's own rounding and units (`format.span`): "Started 15 sec ago" stands beside
 * "15 sec elapsed", never "10 sec. ago" from another formatter. Past a minute it counts whole
 * minutes, so a finished card's text changes once a minute at most; past a day, the date.
 */
export function relativeTime(ctx: PartContext, at: number): string {
  const seconds = Math.round((ctx.serverNow - at) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 1) return ctx.strings.justNow;
  if (abs >= DAY_S) return ctx.format.dateTime(at);
  const span = ctx.format.span((abs < 60 ? abs : Math.floor(abs / 60) * 60) * 1000);
  return seconds > 0 ? ctx.strings.ago(span) : ctx.strings.later(span);
}
