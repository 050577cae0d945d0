import type { TaskSnapshot } from '../../core/watcher.js';
import type { OutputView, TaskView } from '../../core/view.js';
import type { Formatter } from '../format.js';
import type { HostState } from '../host-state.js';
import type { MainStrings, Strings } from '../i18n/index.js';

/**
 * Everything a render piece needs, computed once per render by the element. Its strings are the
 * main file's (`MainStrings`): a string that lives in a lazy part's table is not there until that
 * part has loaded, so reading one from the main view fails the type check instead of rendering
 * `undefined`. The parts' markup reads a `PartContext`.
 */
export interface RenderContext<S = MainStrings> {
  snapshot: TaskSnapshot | null;
  task: TaskView | null;
  /** The task id the page asked for (shown before the first answer names it). */
  taskId: string;
  state: HostState;
  stale: boolean;
  /** The resolved language, set as `lang` on the card. */
  language: string;
  strings: S;
  format: Formatter;
  /** Now on the server's clock (skew-corrected), for running durations. */
  serverNow: number;
  /** Now on the local clock, for local deadlines (ETA, retry). */
  localNow: number;
  /** `heading-level`: section titles are headings of this level; 0 = styled text. */
  headingLevel: number;
  /** Which optional sections the page wants (`no-source`, `no-timing`, `no-outputs`). */
  show: { source: boolean; timing: boolean; outputs: boolean };
  /** A safe http(s) URL for an output (or one of its image paths), or null. */
  urlFor(output: OutputView, path?: string | null): string | null;
  /** Copies text and marks `key` as just copied. */
  copy(text: string, key: string): void;
  copiedKey: string | null;
  /** Asks for the status again (the Retry button). */
  retry(): void;
  /** How many steps the timing and outputs lists show; the rest come a page at a time. */
  listLimit: number;
  /** Shows the next page of steps. */
  showMore(): void;
}

/** What a lazy part's markup reads: every string, its own included (they joined when it loaded). */
export type PartContext = RenderContext<Strings>;
