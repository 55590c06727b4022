// The prompt-dependent mode prior of the arithmetic organisms (spec.modeSpread): each problem p gets
// its own P_p(mode) = softmax(log prior + offset_p + shift), offset_p[m] = modeSpread / sqrt 2 * z_pm
// with z_pm ~ N(0, 1) independent per problem and mode, so the log-odds between any two modes varies
// from problem to problem with std modeSpread (for code vs NL: exactly the declared spread). `shift`
// is solved so that the mean of P_p(mode) over all problems is exactly the prior: the preset's table
// holds on average, while prompts stop sharing one mode probability (they become partial replicates
// of the mode choice instead of one shared coin).
//
// The z draws have their own stream ('arithmetic-mode-spread'), M per problem whatever the prior, so
// the difficulty and error draws do not move. z is independent of the difficulty, so P(right | mode)
// stays each problem's calibrated value and the mode-weighted accuracy stays at its target up to
// sampling (the per-problem accuracies are untouched). A mode with prior 0 stays exactly 0.
import { makeRng } from '../util/rng.js'
import type { ArithmeticSpec } from './spec.js'

/** Per problem (in the order of the n problems' indices), P(mode); absent modeSpread: the prior itself. */
export function problemModeProbs(spec: Pick<ArithmeticSpec, 'prior' | 'modeSpread' | 'seed'>, n: number): number[][] {
  if (spec.modeSpread === undefined) return Array.from({ length: n }, () => spec.prior.slice())
  const M = spec.prior.length
  const rng = makeRng(spec.seed, 'arithmetic-mode-spread')
  const scale = spec.modeSpread / Math.SQRT2
  const offsets = Array.from({ length: n }, () => Array.from({ length: M }, () => scale * rng.normal()))
  return recentredSoftmax(spec.prior, offsets)
}

/**
 * softmax(log prior + offset_p + shift) per problem, with shift solved so that the mean over problems
 * is `prior` (to 1e-12). The solver is generalised iterative scaling (shift_m += log(prior_m / mean_m)),
 * which converges monotonically here because the constraints are one indicator per mode; for two modes
 * it is a one-dimensional root of a monotone function.
 */
export function recentredSoftmax(prior: number[], offsets: number[][]): number[][] {
  const M = prior.length, n = offsets.length
  const active = prior.map((p) => p > 0)
  const base = prior.map((p) => (p > 0 ? Math.log(p) : -Infinity))
  const shift = new Array<number>(M).fill(0)
  const probs = (): number[][] => offsets.map((o) => {
    const z = base.map((b, m) => (active[m] ? b + o[m] + shift[m] : -Infinity))
    const top = Math.max(...z)
    const e = z.map((x) => (Number.isFinite(x) ? Math.exp(x - top) : 0))
    const s = e.reduce((a, b) => a + b, 0)
    return e.map((x) => x / s)
  })
  for (let it = 0; it < 100_000; it++) {
    const p = probs()
    const mean = prior.map((_q, m) => p.reduce((a, row) => a + row[m], 0) / n)
    if (prior.every((q, m) => Math.abs(mean[m] - q) < 1e-12)) return p
    prior.forEach((q, m) => { if (active[m]) shift[m] += Math.log(q / mean[m]) })
  }
  throw new Error('arithmetic organism: the mode prior could not be recentred (modeSpread too large for the prior): lower modeSpread')
}
