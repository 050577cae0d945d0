/** FNV-1a's standard 32-bit offset basis and prime (`as const`: inlined where used). */
export const FNV_OFFSET = 0x811c9dc5 as const;
export const FNV_PRIME = 0x01000193 as const;

/**
 * FNV-1a over UTF-16 code units, as hex: the client's "is this body new?" key (two seeds and
 * primes for 64 bits) and the server's ETag.
 */
export function fingerprint(text: string, seed: number, prime: number): string {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), prime);
  return (h >>> 0).toString(16);
}
