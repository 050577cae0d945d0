import { fingerprint, FNV_OFFSET, FNV_PRIME } from './fingerprint.js';
import type { FetchResult } from './request.js';

let unreadable = 0;

/**
 * What identifies a body's content, to skip parsing and normalizing it again when only its
 * RequestId changed: the received text when there is one (cheap), else the serialized body.
 * A body that cannot be serialized (nested too deep) gets a key of its own: it is read again.
 */
export function bodyKey(result: FetchResult): string {
  let text: string;
  if (result.text != null) text = result.text.replace(/"RequestId"\s*:\s*"[^"]*"/g, '');
  else {
    try {
      text = JSON.stringify(result.body, (k, v) => (k === 'RequestId' ? undefined : v));
    } catch {
      return `unreadable ${++unreadable}`;
    }
  }
  // Kept per task for as long as it is followed: a 64-bit fingerprint, not the body itself
  // (on 1,000 rows of transcode bodies that text was about 2 MB of the heap).
  return `${fingerprint(text, FNV_OFFSET, FNV_PRIME)}:${fingerprint(text, 0x9747b28c, 0x5bd1e995)}`;
}
