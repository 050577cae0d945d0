export interface ProgressSample {
  at: number;
  progress: number;
}

const WINDOW_MS = 120_000;
const SMOOTHING = 0.5;

/**
 * Predicts when a task finishes from its progress rate. The rate is the slope over the samples of
 * the last couple of minutes, blended with the previous rate (EWMA) so one uneven step does not
 * swing the ETA. Before two samples exist, the first sample's progress since `startedAt` is used.
 */
export class EtaEstimator {
  #samples: ProgressSample[] = [];
  #rate: number | null = null; // percent per ms

  reset(): void {
    this.#samples = [];
    this.#rate = null;
  }

  /** Adds a sample; returns the predicted finish time (same clock as `at`) or null. */
  add(at: number, progress: number | null, startedAt: number | null): number | null {
    if (progress == null) return null;
    const last = this.#samples[this.#samples.length - 1];
    if (last && progress < last.progress) this.reset(); // went backwards (a new phase): start over
    this.#samples.push({ at, progress });
    while (this.#samples.length > 2 && at - this.#samples[0].at > WINDOW_MS) this.#samples.shift();

    const first = this.#samples[0];
    let measured: number | null = null;
    if (this.#samples.length >= 2 && progress > first.progress && at > first.at) {
      measured = (progress - first.progress) / (at - first.at);
    } else if (startedAt != null && progress > 0 && at > startedAt) {
      measured = progress / (at - startedAt);
    }
    if (measured != null)
      this.#rate =
        this.#rate == null ? measured : SMOOTHING * measured + (1 - SMOOTHING) * this.#rate;
    if (this.#rate == null || this.#rate <= 0 || progress >= 100) return null;
    // MPS floors Progress to an integer: the true value is p + 0.5 on average.
    const remaining = 100 - progress - (Number.isInteger(progress) ? 0.5 : 0);
    return at + remaining / this.#rate;
  }
}
