/**
 * The seed of a property run: fixed in `npm test` (the same cases on every machine, so CI is
 * never red by chance), fresh in `npm run stress` (`FUZZ_RANDOM=1`), or the one a failure
 * printed (`FUZZ_SEED=…`).
 */
export function fuzzSeed(): number | undefined {
  if (process.env.FUZZ_SEED) return Number(process.env.FUZZ_SEED);
  if (process.env.FUZZ_RANDOM) return undefined;
  return 20261130;
}
