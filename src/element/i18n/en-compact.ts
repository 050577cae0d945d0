/**
 * English strings of the `compact` variant, in its lazy chunk with the view (a card or an end
 * user's page never downloads them); overridable through the `strings` property.
 */
export const enCompact = {
  /** A row's badge where the full label would not fit its column (the full one is its tooltip). */
  stateShort: { partial: 'Partial', error: 'No status' } as Record<string, string>,
  /** A row's status text for a failed or partial task. */
  failedCount: (n: number) => `${n} failed`,
  /** The details popover's close button. */
  close: 'Close details',
};
