/**
 * A closed interval, lo <= hi; both NaN when it is undefined (too few samples, see index.ts). The one
 * shape of an interval everywhere: the statistics return it and the reports store it as is.
 */
export interface Interval { lo: number; hi: number }

/**
 * Alternative hypothesis about mean(a) - mean(b) (or mean(a - b) when paired):
 * 'greater' = a is larger, 'less' = a is smaller, 'two-sided' = they differ.
 */
export type Alternative = 'greater' | 'less' | 'two-sided'

/** Input accepted by every function: number[] or a typed array such as Float64Array. */
export type { Sample } from './_check.js'
