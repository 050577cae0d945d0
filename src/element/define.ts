import { MpsTaskStatus } from './mps-task-status.js';

/**
 * Registers `<mps-task-status>` (or another name). CMS pages load the same script twice: a second
 * registration warns instead of throwing.
 */
export function defineMpsTaskStatus(name = 'mps-task-status'): void {
  const registry = globalThis.customElements;
  if (!registry) return;
  const existing = registry.get(name);
  if (existing) {
    if (existing !== MpsTaskStatus)
      console.warn(`<${name}> is already defined elsewhere; keeping the first.`);
    return;
  }
  registry.define(name, MpsTaskStatus);
}

declare global {
  interface HTMLElementTagNameMap {
    'mps-task-status': MpsTaskStatus;
  }
}
