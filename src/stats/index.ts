// Statistics for few-seed comparisons (RL runs, n = 3..20 per arm). One function per file; this
// file only re-exports.
//
// EDGE-CASE RULE (the same in every function):
// 1. Too little data is not an error. A statistic that is undefined for the data it got returns NaN
//    (intervals with NaN bounds) instead of throwing:
//      - n = 0: mean, median, iqm, quantile, probabilityOfImprovement -> NaN;
//      - n < 2 (per arm, or pairs): sampleVariance/sampleStd, tInterval, bootstrap intervals,
//        hedgesG/pairedEffectSize, welchTTest/pairedTTest (t, df, p, ci), tost, tTestPower;
//      - zero spread where the statistic divides by it: a t test with se = 0 (both arms constant,
//        or all paired differences equal) gives NaN t/df/p/ci (diff is still reported); a
//        standardized effect with SD 0 gives NaN g.
//    NaN flows on: holm keeps NaN entries NaN (still counting them in the family size), tost says
//    `equivalent: false`, and decide() returns 'inconclusive' for any NaN input. So a claim with
//    too few seeds can never come out 'supported' or 'refuted'.
// 2. Contract violations throw (RangeError/TypeError) with a message that starts with the function
//    name and names the argument: a non-finite data value (NaN/Infinity in a sample: filter crashed
//    seeds explicitly), paired samples of different lengths (both lengths in the message), level /
//    alpha / power outside (0, 1), reps not a positive integer, margin <= 0, a negative minimum
//    effect, p-values outside [0, 1], an unknown alternative or method.
//
// Randomness: every bootstrap takes an `Rng` from src/util/rng.ts (`makeRng(seed, stream)`), so
// results are a pure function of (data, seed). Default 10_000 replicates (rliable uses 50_000).
//
// Typical claim check (claim "a > b" on independent seeds, one of K claims in a family):
//   const g = welchTTest(a, b, 'greater', { level: 0.9 })    // 0.9 = 1 - 2 alpha: one-sided 95% bound
//   const l = welchTTest(a, b, 'less')
//   const p = holm(allGreaterPs)[k], pOpp = holm(allLessPs)[k]  // same adjustment both ways
//   const e = hedgesG(a, b, { level: 0.9 })                    // only if a standardized minimum is claimed
//   decide({ direction: 'greater', p, pOpposite: pOpp, diff: g.diff, ci: g.ci,
//            minEffect: { standardized: 0.5, g: e.g, ci: e.ci } })
// Use pairedTTest / pairedEffectSize / bootstrapDiffCi({ paired: true }) when both arms ran on the
// same seeds. Intervals are not multiplicity-adjusted; only the p-values are.
//
// Samples are `ArrayLike<number>`: number[] and Float64Array both work. Inputs are never mutated.

export type { Alternative, Interval, Sample } from './types.js'

export { mean } from './mean.js'
export { sampleVariance } from './sample-variance.js'
export { sampleStd } from './sample-std.js'
export { varianceRatioTest, type VarianceRatioResult } from './variance-ratio-test.js'
export { quantile } from './quantile.js'
export { median } from './median.js'
export { interquartileMean, type IqmMethod } from './interquartile-mean.js'
export { tInterval } from './t-interval.js'
export { meanBand, type MeanBand } from './mean-band.js'
export { bootstrapMeanCi, DEFAULT_BOOTSTRAP_REPS, type BootstrapOptions } from './bootstrap-mean-ci.js'
export { summarize, type SampleSummary } from './summarize.js'

export { hedgesG, type EffectSize } from './hedges-g.js'
export { pairedEffectSize } from './paired-effect-size.js'
export { probabilityOfImprovement } from './probability-of-improvement.js'

export type { TTestResult } from './_t-result.js'
export { welchTTest } from './welch-t-test.js'
export { pairedTTest } from './paired-t-test.js'
export { holm } from './holm.js'
export { tost, type TostResult } from './tost.js'
export { bootstrapDiffCi } from './bootstrap-diff-ci.js'

export { noncentralTCdf } from './noncentral-t-cdf.js'
export { tTestPower, type PowerDesign } from './t-test-power.js'
export { seedsForPower, type SeedsForPowerOptions } from './seeds-for-power.js'

export { decide, type DecideInput, type Decision, type MinimumEffect, type TestVerdict } from './decide.js'

export { clopperPearsonInterval } from './clopper-pearson-interval.js'
export { signTest, type SignTestResult } from './sign-test.js'
export { signTestSeedsForPower } from './sign-test-seeds-for-power.js'
export { powerHint, type PowerHint } from './power-hint.js'

export { crossingPoint } from './crossing-point.js'
export { crossingInterval, type CrossingInterval, type CrossingIntervalOptions } from './crossing-interval.js'
export { crossoverTest, type CrossoverTestResult, type EndPValues } from './crossover-test.js'
export { crossoverEndTest, type CrossoverEndTest } from './crossover-end-test.js'
export { perSeedSlopes } from './per-seed-slopes.js'

export { spendingObrienFleming } from './spending-obrien-fleming.js'
export { spendingPocock } from './spending-pocock.js'
export { groupSequentialBounds, type SequentialBounds, type Spending } from './group-sequential-bounds.js'
export { repeatedPValue } from './repeated-p-value.js'
export { repeatedConfidenceInterval } from './repeated-confidence-interval.js'
