/**
 * Times relative to now for one locale ("now", "30 sec. ago", "3 min. ago", "in 2 hr."), cached
 * per locale. Part of the detail sections' chunk: only the timing section shows them.
 */
const cache = new Map<string, (at: number, now: number) => string>();

export function relativeTimeFor(locale: string): (at: number, now: number) => string {
  let format = cache.get(locale);
  if (!format) {
    const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
    // Coarse on purpose: after the first minute the text changes once a minute at most, so the
    // shared clock re-renders nothing on most ticks.
    format = (at, now) => {
      const s = (at - now) / 1000;
      const abs = Math.abs(s);
      if (abs < 10) return rtf.format(0, 'second');
      if (abs < 60) return rtf.format(Math.round(s / 10) * 10, 'second');
      if (abs < 3600) return rtf.format(Math.round(s / 60), 'minute');
      if (abs < 86_400) return rtf.format(Math.round(s / 3600), 'hour');
      return rtf.format(Math.round(s / 86_400), 'day');
    };
    cache.set(locale, format);
  }
  return format;
}
