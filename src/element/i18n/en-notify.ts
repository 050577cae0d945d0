/**
 * English strings of the `notify` control. They travel in its own lazy chunk: only pages that
 * set `notify` load it.
 */
export const enNotify = {
  notify: {
    offer: "Notify me when it's ready",
    blocked: "Notifications are blocked for this site in the browser's settings.",
  },
};
