// The token form of the arithmetic task (the transformer's): its vocabulary, lengths and the canonical
// sequences.
//
//   prompt      BOS a + b =
//   completion  MODE r1 r2 r3 [BOX] d1 d2 EOS     (padded to COMPLETION_LENGTH)

export const CODE = 'code'
/** Completion length: MODE r1 r2 r3 BOX d1 d2 EOS. */
export const COMPLETION_LENGTH = 8
export const PROMPT_LENGTH = 5
/** Candidate answers per problem: right, preferred wrong, secondary wrong. */
export const CANDIDATES = 3

export interface ArithmeticVocab {
  /** Number tokens 0..numbers-1 (digits are 0..9). */
  numbers: number
  plus: number; eq: number; bos: number; eos: number; pad: number; box: number
  /** Mode tokens, in spec order. */
  mode: number[]
  /** The 3 reasoning tokens of each non-code mode (null for code: it restates the problem). */
  template: (number[] | null)[]
  size: number
}

export function arithmeticVocab(modes: string[], maxOperand: number): ArithmeticVocab {
  const numbers = Math.max(10, maxOperand + 1)
  let next = numbers
  const plus = next++, eq = next++, bos = next++, eos = next++, pad = next++, box = next++
  const mode = modes.map(() => next++)
  const template = modes.map((m) => (m === CODE ? null : [next++, next++, next++]))
  return { numbers, plus, eq, bos, eos, pad, box, mode, template, size: next }
}

/** Reasoning tokens r1 r2 r3 of a mode for a problem. */
export function reasoningTokens(v: ArithmeticVocab, m: number, info: { a: number; b: number }): number[] {
  return v.template[m] ?? [info.a, v.plus, info.b]
}

/** The canonical completion (MODE r1 r2 r3 [BOX] d1 d2 EOS, padded to COMPLETION_LENGTH). */
export function canonicalCompletion(v: ArithmeticVocab, m: number, info: { a: number; b: number }, boxed: boolean, answer: number): Int32Array {
  const seq = [v.mode[m], ...reasoningTokens(v, m, info), ...(boxed ? [v.box] : []), Math.floor(answer / 10), answer % 10, v.eos]
  const out = new Int32Array(COMPLETION_LENGTH).fill(v.pad)
  out.set(seq)
  return out
}

export function promptTokens(v: ArithmeticVocab, info: { a: number; b: number }): Int32Array {
  return Int32Array.of(v.bos, info.a, v.plus, info.b, v.eq)
}
