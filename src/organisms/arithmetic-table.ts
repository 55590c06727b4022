// The problems of the arithmetic task, split and calibrated (see arithmetic.ts for the family): a pure
// function of the spec.
import { makeRng, permutation } from '../util/rng.js'
import { arithmeticVocab, type ArithmeticVocab } from './arithmetic-tokens.js'
import { calibratedAccuracies } from './difficulty.js'
import { problemModeProbs } from './mode-prior.js'
import type { ArithmeticSpec } from './spec.js'

/** One problem with its calibrated corpus. */
export interface ProblemInfo {
  a: number
  b: number
  sum: number
  /** The ones digits carry (a % 10 + b % 10 >= 10). */
  carry: boolean
  /** Candidate answers: [right, preferred wrong, secondary wrong]. */
  answers: number[]
  /** Per mode: P(candidate | problem, mode), over `answers`. */
  answerProbs: number[][]
  /** P(mode | problem): the prior, or with spec.modeSpread this problem's own (mode-prior.ts). */
  modeProbs: number[]
  split: 'train' | 'eval'
  /** Index within its split (Problem.id). */
  index: number
  /** Index over train then eval (the linear form's prompt token). */
  global: number
}

export interface ArithmeticTable {
  vocab: ArithmeticVocab
  train: ProblemInfo[]
  eval: ProblemInfo[]
  /** train then eval. */
  all: ProblemInfo[]
}

/** The problems, split and calibrated: a pure function of the spec. */
export function arithmeticTable(spec: ArithmeticSpec): ArithmeticTable {
  const vocab = arithmeticVocab(spec.modes, spec.maxOperand)
  const n1 = spec.maxOperand + 1, N = n1 * n1
  const diffRng = makeRng(spec.seed, 'arithmetic-difficulty')
  const errRng = makeRng(spec.seed, 'arithmetic-errors')
  // difficulty: an effect per operand value (shared by every problem using it) plus a share of
  // idiosyncratic per-problem noise; z ~ N(0, 1) either way
  const ua = Array.from({ length: n1 }, () => diffRng.normal()), ub = Array.from({ length: n1 }, () => diffRng.normal())
  const rho = spec.difficultyNoise
  const modeProbs = problemModeProbs(spec, N)
  const base = Array.from({ length: N }, (_, i) => {
    const a = Math.floor(i / n1), b = i % n1, sum = a + b
    const carry = (a % 10) + (b % 10) >= 10
    const z = Math.sqrt(1 - rho * rho) * (ua[a] + ub[b]) / Math.SQRT2 + rho * diffRng.normal()
    const u1 = errRng.next(), u2 = errRng.next() // always two draws: the stream never depends on a branch
    const preferred = carry ? sum - 10 : sum === 0 || u1 < 0.5 ? sum + 1 : sum - 1
    const others = [sum + 1, sum - 1, sum + 10, sum - 10].filter((x) => x >= 0 && x <= 99 && x !== preferred)
    const secondary = others[Math.floor(u2 * others.length)]
    return { a, b, sum, carry, z, answers: [sum, preferred, secondary], modeProbs: modeProbs[i] }
  })
  const order = permutation(N, makeRng(spec.seed, 'arithmetic-split'))
  const byAB = (x: { a: number; b: number }, y: { a: number; b: number }) => x.a - y.a || x.b - y.b
  const evalSet = Array.from(order.subarray(0, spec.numEval), (i) => base[i]).sort(byAB)
  const trainSet = Array.from(order.subarray(spec.numEval), (i) => base[i]).sort(byAB)
  const gapMode = spec.gap ? spec.modes.indexOf(spec.gap.mode) : -1

  const build = (set: typeof base, split: 'train' | 'eval', offset: number): ProblemInfo[] => {
    // accuracy[m][i] for the problems of this split
    const acc = spec.modes.map((_m, m) => {
      if (m !== gapMode) return calibratedAccuracies(set.map((p) => p.z), spec.accuracy[m], spec.difficulty)
      const gapAcc = spec.gap!.accuracy
      const rest = set.filter((p) => !p.carry)
      const target = (set.length * spec.accuracy[m] - (set.length - rest.length) * gapAcc) / Math.max(1, rest.length)
      if (target > 1 || target < 0) {
        throw new Error(`arithmetic organism: the gap of mode '${spec.gap!.mode}' leaves its ${split} problems without a carry at accuracy ${target.toFixed(3)}: lower accuracy or raise gap.accuracy`)
      }
      const restAcc = calibratedAccuracies(rest.map((p) => p.z), target, spec.difficulty)
      let k = 0
      return set.map((p) => (p.carry ? gapAcc : restAcc[k++]))
    })
    return set.map((p, i) => ({
      a: p.a, b: p.b, sum: p.sum, carry: p.carry, answers: p.answers, modeProbs: p.modeProbs,
      answerProbs: spec.modes.map((_m, m) => {
        const r = acc[m][i]
        if (m === gapMode && p.carry) return [r, 1 - r, 0] // drops the carry: answers[1] = sum - 10
        return [r, (1 - r) * spec.preferredError, (1 - r) * (1 - spec.preferredError)]
      }),
      split, index: i, global: offset + i,
    }))
  }
  const train = build(trainSet, 'train', 0)
  const ev = build(evalSet, 'eval', train.length)
  return { vocab, train, eval: ev, all: [...train, ...ev] }
}

/** Per-mode accuracy, mode-weighted answer distribution and majority of one problem's corpus. */
export function corpusStats(spec: ArithmeticSpec, info: ProblemInfo): { accuracy: number; answerProbs: number[]; majority: number } {
  const probs = info.answers.map((_x, j) => spec.modes.reduce((s, _m, m) => s + info.modeProbs[m] * info.answerProbs[m][j], 0))
  let best = 0
  for (let j = 1; j < probs.length; j++) if (probs[j] > probs[best]) best = j
  return { accuracy: probs[0], answerProbs: probs, majority: info.answers[best] }
}
