import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { HostView } from '../host-state.js';
import type { LocaleController } from './locale-controller.js';

const PERCENT_MILESTONES = [25, 50, 75];

/**
 * What the polite live region says: state changes and 25/50/75 % (once each), never every poll,
 * so a screen reader user hears milestones rather than a stream of numbers.
 */
export class AnnouncerController implements ReactiveController {
  /** The text of the live region. */
  text = '';
  private previous: HostView = { taskId: '', state: 'idle', snapshot: null };
  private lastMilestone = 0;

  constructor(
    host: ReactiveControllerHost,
    private readonly locale: LocaleController,
    private readonly read: () => HostView,
  ) {
    host.addController(this);
  }

  /** Runs after the host's `willUpdate`, before it renders the live region. */
  hostUpdate(): void {
    const { taskId, state, snapshot } = this.read();
    if (taskId !== this.previous.taskId) {
      // Another task: nothing of the old one is announced.
      this.text = '';
      this.lastMilestone = 0;
    }
    const { locale } = this;
    if (state !== this.previous.state) {
      if (state !== 'idle' && state !== 'loading') this.text = locale.strings.announce[state] ?? '';
    }
    this.previous = { taskId, state, snapshot };
    const task = snapshot?.task;
    const percent = task?.status === 'PROCESSING' ? task.progress : null;
    if (percent == null) return;
    const crossed = PERCENT_MILESTONES.filter((m) => percent >= m && m > this.lastMilestone).pop();
    if (crossed) {
      this.lastMilestone = crossed;
      this.text = locale.strings.announcePercent(locale.format.percent(crossed));
    }
  }
}
