// Every way a number is written as text, in one place. Three on purpose, each named for its use:
// - formatNumber: table cells (report/). 3 significant digits, 'n/a' / 'inf' for non-finite values,
//   no exponent for ordinary magnitudes, "1.5e-9" for tiny ones.
// - significant: reasons and notes ("p=0.0123 < 0.05"). Significant digits with trailing zeros
//   dropped, JavaScript's own text otherwise (NaN, Infinity, 1e-7). The statistical rule's reasons
//   (stats/decide.ts) use 4 digits, the DSL's and the report's notes 3: every reason stored in a
//   JSON report or baseline is written so.
// - precision: Number#toPrecision as is, trailing zeros kept ("0.500"), for messages that line
//   figures up (baseline checks).

/** `digits` significant digits, trailing zeros dropped: 0.050123 -> "0.0501"; NaN -> "NaN". */
export function significant(x: number, digits = 3): string {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : String(x)
}

/** `digits` significant digits as toPrecision writes them: 0.5 -> "0.500"; NaN -> "NaN". */
export function precision(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toPrecision(digits) : String(x)
}

/** Shown where a figure does not apply (one-arm comparisons, missing effect size). */
export const NOT_APPLICABLE = '-'

/** 'n/a', 'inf' or '-inf'. */
export function nonFinite(x: number): string {
  if (Number.isNaN(x)) return 'n/a'
  return x > 0 ? 'inf' : '-inf'
}

/**
 * 3 significant digits, trailing zeros dropped, no exponent for ordinary magnitudes:
 * 0.81234 -> "0.812", 12345 -> "12300", 0.000123456 -> "0.000123", 1.5e-9 -> "1.5e-9".
 */
export function formatNumber(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined) return NOT_APPLICABLE
  if (!Number.isFinite(x)) return nonFinite(x)
  if (x === 0) return '0'
  const rounded = Number(x.toPrecision(digits))
  const abs = Math.abs(rounded)
  if (abs >= 1e-4 && abs < 1e15) {
    // Number#toString never uses an exponent in this range.
    return String(rounded)
  }
  // Tiny or huge: m.mme-x, without trailing zeros in the mantissa.
  const [mantissa, exponent] = rounded.toExponential(digits - 1).split('e')
  const m = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa
  return `${m}e${exponent.replace(/^\+/, '')}`
}
