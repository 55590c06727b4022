// The text forms of a number (src/util/format-number.ts): each keeps what its readers rely on.
import { describe, expect, it } from 'vitest'
import { formatNumber, precision, significant } from '../src/util/format-number.js'

describe('number text', () => {
  it('significant: reasons drop trailing zeros and keep what JavaScript prints for the rest', () => {
    expect(significant(0.050123)).toBe('0.0501')
    expect(significant(0.5)).toBe('0.5')
    expect(significant(1 / 3, 4)).toBe('0.3333')
    expect(significant(1.23e-7)).toBe('1.23e-7')
    expect(significant(NaN)).toBe('NaN')
    expect(significant(-Infinity)).toBe('-Infinity')
  })

  it('precision: toPrecision as is, trailing zeros kept', () => {
    expect(precision(0.5)).toBe('0.500')
    expect(precision(12345)).toBe('1.23e+4')
    expect(precision(NaN)).toBe('NaN')
  })

  it('formatNumber: table cells say n/a and inf, and use short exponents only off the ordinary range', () => {
    expect(formatNumber(0.5)).toBe('0.5')
    expect(formatNumber(12345)).toBe('12300')
    expect(formatNumber(1.5e-9)).toBe('1.5e-9')
    expect(formatNumber(NaN)).toBe('n/a')
    expect(formatNumber(-Infinity)).toBe('-inf')
    expect(formatNumber(null)).toBe('-')
  })
})
