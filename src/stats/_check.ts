// Internal argument checks shared by the stats functions. Not re-exported from index.ts.
// They implement the "throw on contract violations" half of the edge-case rule in index.ts:
// every message starts with the function name and names the offending argument.

/** Numeric sample accepted everywhere: plain arrays and typed arrays. */
export type Sample = ArrayLike<number>

/** Throws unless every entry of `x` is a finite number. */
export function checkSample(fn: string, name: string, x: Sample): void {
  if (x == null || typeof x.length !== 'number') throw new TypeError(`${fn}: ${name} must be an array of numbers`)
  for (let i = 0; i < x.length; i++) {
    const v = x[i]
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RangeError(`${fn}: ${name}[${i}] must be a finite number (got ${String(v)})`)
    }
  }
}

/** Throws unless `a` and `b` have the same length (paired data). */
export function checkSameLength(fn: string, a: Sample, b: Sample): void {
  if (a.length !== b.length) {
    throw new RangeError(`${fn}: paired samples need equal lengths (got a.length=${a.length}, b.length=${b.length})`)
  }
}

/** Throws unless 0 < p < 1 (confidence level, alpha, power). */
export function checkOpenUnit(fn: string, name: string, p: number): void {
  if (typeof p !== 'number' || !(p > 0 && p < 1)) throw new RangeError(`${fn}: ${name} must be in (0, 1) (got ${String(p)})`)
}

/** Throws unless `reps` is a positive integer. */
export function checkReps(fn: string, reps: number): void {
  if (!Number.isInteger(reps) || reps < 1) throw new RangeError(`${fn}: reps must be a positive integer (got ${String(reps)})`)
}

/** Throws unless `alternative` is one of the three hypotheses. */
export function checkAlternative(fn: string, alternative: string): void {
  if (alternative !== 'greater' && alternative !== 'less' && alternative !== 'two-sided') {
    throw new RangeError(`${fn}: alternative must be 'greater', 'less' or 'two-sided' (got ${String(alternative)})`)
  }
}
