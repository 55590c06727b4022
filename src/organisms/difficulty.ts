// Per-problem difficulty calibration: P(right | problem, mode) = sigmoid(logit(target) + spread z_p + c),
// with c solved so that the mean over a split's problems is exactly the target.
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))
const logit = (p: number) => Math.log(p / (1 - p))

/** c such that mean_i sigmoid(base + spread z_i + c) = target (bisection; exact to 1e-12). */
function solveOffset(zs: number[], target: number, spread: number): number {
  const base = logit(target)
  const mean = (c: number) => zs.reduce((s, z) => s + sigmoid(base + spread * z + c), 0) / zs.length
  let lo = -40, hi = 40
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = (lo + hi) / 2
    if (mean(mid) < target) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** Per-problem accuracies for one split and mode, whose mean is exactly `target`. */
export function calibratedAccuracies(zs: number[], target: number, spread: number): number[] {
  if (target <= 0 || target >= 1 || spread === 0 || zs.length === 0) return zs.map(() => target)
  const base = logit(target), c = solveOffset(zs, target, spread)
  return zs.map((z) => sigmoid(base + spread * z + c))
}
