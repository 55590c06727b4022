import type { Rng } from '../util/rng.js'
import { checkSample, type Sample } from './_check.js'
import { bootstrapMeanCi } from './bootstrap-mean-ci.js'
import { interquartileMean, type IqmMethod } from './interquartile-mean.js'
import { mean } from './mean.js'
import { median } from './median.js'
import { sampleStd } from './sample-std.js'
import { tInterval } from './t-interval.js'
import type { Interval } from './types.js'

/** A sample's summary, returned by {@link summarize}; an arm's in a report (report/types.ts ArmSummary) adds its name, values and seeds. */
export interface SampleSummary {
  n: number
  mean: number
  median: number
  /** Interquartile mean, see `interquartileMean` (method 'trim' = scipy/rliable by default). */
  iqm: number
  /** Sample standard deviation (n - 1). */
  std: number
  /** t-based interval for the mean at `level`. */
  ciT: Interval
  /** Percentile-bootstrap interval for the mean at `level`. */
  ciBoot: Interval
}

/**
 * Summary of one arm's per-seed results: n, mean, median, IQM, sample std, t interval and
 * percentile-bootstrap interval of the mean (`reps` default 10_000, `level` default 0.95).
 * Too-few-sample fields are NaN (std and both intervals need n >= 2; everything needs n >= 1).
 *
 * Reference: Agarwal et al. 2021, https://arxiv.org/abs/2108.13264 (IQM + bootstrap CIs)
 *
 * @example
 * summarize([1, 2, 3, 4, 5, 6, 7, 8], { rng: makeRng(0) })
 * // { n: 8, mean: 4.5, median: 4.5, iqm: 4.5, std: 2.449490, ciT: [2.452175, 6.547825], ciBoot: [~3.0, ~6.0] }
 */
export function summarize(
  x: Sample,
  opts: { rng: Rng; reps?: number; level?: number; iqmMethod?: IqmMethod },
): SampleSummary {
  checkSample('summarize', 'x', x)
  const level = opts.level ?? 0.95
  return {
    n: x.length,
    mean: mean(x),
    median: median(x),
    iqm: interquartileMean(x, { method: opts.iqmMethod }),
    std: sampleStd(x),
    ciT: tInterval(x, level),
    ciBoot: bootstrapMeanCi(x, { rng: opts.rng, reps: opts.reps, level }),
  }
}
