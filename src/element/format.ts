/**
 * Intl formatting for one locale. Formatters are cached per locale: a page with hundreds of
 * widgets shares a handful of Intl objects instead of building them on every render.
 */
export interface Formatter {
  number(n: number, digits?: number): string;
  percent(p: number): string;
  bytes(n: number): string;
  bitrate(bps: number): string;
  /** Media length, clock style: 6:21, 1:02:03. */
  clock(seconds: number): string;
  /** A span of time in words: 18 s, 2 min 5 s, 1 h 3 min. */
  span(ms: number): string;
  dateTime(ms: number): string;
}

const cache = new Map<string, Formatter>();

export function formatterFor(locale: string): Formatter {
  let f = cache.get(locale);
  if (!f) cache.set(locale, (f = create(locale)));
  return f;
}

/** A value never breaks from its unit ("19.6 MB", "2 min 5 s"): no-break spaces. */
const glued = (text: string) => text.replace(/ /g, '\u00a0');

/** Sizes, rates and durations on screen are never negative or NaN, whatever a body said. */
const nonNegative = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

/** Media length, clock style (6:21, 1:02:03): the same digits in every locale. */
function clock(seconds: number): string {
  const s = Math.round(nonNegative(seconds));
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    sec = s % 60;
  const pad = (v: number) => String(v).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

/** A value made on first use, then kept. */
function lazy<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

/** Short unit formats ("2 min", "19.6 MB"), each built on first use. */
function unitFormats(locale: string) {
  const unit = (u: string) => {
    const f = lazy(
      () =>
        new Intl.NumberFormat(locale, {
          style: 'unit',
          unit: u,
          unitDisplay: 'short',
          maximumFractionDigits: 1,
        }),
    );
    return (n: number) => glued(f().format(n));
  };
  return {
    hour: unit('hour'),
    minute: unit('minute'),
    second: unit('second'),
    byte: unit('byte'),
    kB: unit('kilobyte'),
    MB: unit('megabyte'),
    GB: unit('gigabyte'),
  };
}

/**
 * Each Intl object is built on first use: one costs a phone's CPU milliseconds of locale data,
 * and a first status uses one or two of the ten (building them all was 0.1 s of a phone's first
 * status, at 4x CPU slowdown).
 */
function create(locale: string): Formatter {
  const nf = new Map<number, Intl.NumberFormat>();
  const num = (digits: number) => {
    let x = nf.get(digits);
    if (!x) nf.set(digits, (x = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
    return x;
  };
  const pct = lazy(
    () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }),
  );
  const units = unitFormats(locale);
  const dt = lazy(
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }),
  );
  const list = lazy(() => new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' }));
  return {
    number: (n, digits = 0) => num(digits).format(n),
    percent: (p) => pct().format(p / 100),
    // SI units (1 kB = 1000 B), as Intl's `kilobyte` unit and most storage consoles label them.
    bytes: (raw) => {
      const n = nonNegative(raw);
      return n < 1e3
        ? units.byte(n)
        : n < 1e6
          ? units.kB(n / 1e3)
          : n < 1e9
            ? units.MB(n / 1e6)
            : units.GB(n / 1e9);
    },
    bitrate: (raw) => {
      const bps = nonNegative(raw);
      return bps >= 1e6
        ? `${num(1).format(bps / 1e6)}\u00a0Mbps`
        : `${num(0).format(bps / 1e3)}\u00a0kbps`;
    },
    clock,
    span: (ms) => {
      const s = Math.round(nonNegative(ms) / 1000);
      const h = Math.floor(s / 3600),
        m = Math.floor((s % 3600) / 60),
        sec = s % 60;
      if (h) return list().format([units.hour(h), ...(m ? [units.minute(m)] : [])]);
      if (m) return list().format([units.minute(m), ...(sec ? [units.second(sec)] : [])]);
      return units.second(sec);
    },
    dateTime: (ms) => dt().format(ms),
  };
}
