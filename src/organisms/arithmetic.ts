// The arithmetic task family of the calibrated organisms (docs/organisms.md#the-calibrated-organisms-the-papers-models-on-an-arithmetic-task).
//
//   prompt      BOS a + b =                                  (a, b in 0..maxOperand)
//   completion  MODE r1 r2 r3 [BOX] d1 d2 EOS                (8 tokens at most)
//
// MODE is one of the spec's modes. 'code' restates the problem (r = a + b); every other mode writes
// its own fixed 3-token template. BOX marks a boxed answer (what a format reward checks); d1 d2 are
// the answer's two digits (7 is written 0 7).
//
// The corpus behind each problem is a small tree with known probabilities: P(mode) = prior (or with
// modeSpread the problem's own P(mode) around it: mode-prior.ts), then the
// mode's reasoning (deterministic), then BOX with formatRate, then an answer from the problem's
// candidates [right, preferred wrong, secondary wrong] with the problem's per-mode probabilities:
//
//   difficulty   z_p ~ N(0, 1) per problem, shared by the modes: (u_a + u_b) / sqrt 2 with one
//                effect u ~ N(0, 1) per operand value, mixed with idiosyncratic per-problem noise
//                by difficultyNoise (default 0: a transformer learns the additive structure much
//                faster than 400 independent values);
//                P(right | p, m) = sigmoid(logit(accuracy_m) + difficulty * z_p + c_m), with c_m
//                solved per split so that each split's mean is exactly accuracy_m.
//   errors       a carry problem's preferred wrong answer drops the carry (a + b - 10); any other
//                problem's is an off-by-one (a + b +- 1, seeded); the secondary error is a seeded
//                pick among the remaining +-1 / +-10 patterns. A wrong answer is the preferred one
//                with probability preferredError.
//   gap          (optional) a real capability gap: on carry problems the gap mode is right only with
//                probability gap.accuracy and otherwise drops the carry; its other problems make up
//                its mean accuracy. A clean reward then has something rare to discover (the right
//                answer in that mode on carry problems), a random one nothing.
//
// The same problems, with the same tables, exist in a linear form: prompt = one token (the problem's
// index), completion = [mode, answer token], answer token = (candidate, boxed or not).
import { forwardLogProbs } from '../engine/forward.js'
import type { Policy } from '../engine/policy.js'
import { makeRng, permutation } from '../util/rng.js'
import { problemModeProbs } from './mode-prior.js'
import type { ArithmeticSpec } from './spec.js'
import type { ExactEval, AnswerDistribution, Parsed, Problem, Task } from './task.js'

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
function calibratedAccuracies(zs: number[], target: number, spread: number): number[] {
  if (target <= 0 || target >= 1 || spread === 0 || zs.length === 0) return zs.map(() => target)
  const base = logit(target), c = solveOffset(zs, target, spread)
  return zs.map((z) => sigmoid(base + spread * z + c))
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

// ---------------------------------------------------------------------------------------------
// Token form (transformer)

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

export interface ArithmeticTask extends Task {
  spec: ArithmeticSpec
  table: ArithmeticTable
  vocab: ArithmeticVocab
  /** The calibrated corpus behind a problem of this task. */
  info(problem: Problem): ProblemInfo
  exact(policy: Policy, problems: Problem[], temperature: number): ExactEval
  answerDistribution(policy: Policy, problems: Problem[], temperature: number): AnswerDistribution
}

export function problemMap(table: ArithmeticTable, prompt: (info: ProblemInfo) => Int32Array) {
  const byProblem = new Map<Problem, ProblemInfo>()
  const mk = (infos: ProblemInfo[]) => infos.map((info) => {
    const p: Problem = { id: info.index, prompt: prompt(info), answer: String(info.sum) }
    byProblem.set(p, info)
    return p
  })
  const train = mk(table.train), ev = mk(table.eval)
  const info = (p: Problem): ProblemInfo => {
    const i = byProblem.get(p)
    if (!i) throw new Error(`problem ${p.id} is not one of this arithmetic task's problems`)
    return i
  }
  return { train, eval: ev, info }
}

/** The transformer form of the task. */
export function arithmeticTask(spec: ArithmeticSpec, table = arithmeticTable(spec)): ArithmeticTask {
  const v = table.vocab, M = spec.modes.length, L = COMPLETION_LENGTH, P = PROMPT_LENGTH
  const modeOf = new Map(v.mode.map((t, m) => [t, m]))
  const { train, eval: ev, info } = problemMap(table, (i) => promptTokens(v, i))
  const isDigit = (t: number) => t >= 0 && t <= 9

  /** Rows (problem x mode x boxed x candidate) teacher-forced in one pass: log-probs per position. */
  function forceRows(policy: Policy, problems: Problem[], temperature: number, candidates: number) {
    const perProblem = M * 2 * candidates
    const R = problems.length * perProblem
    const prompts = new Int32Array(R * P), comps = new Int32Array(R * L)
    problems.forEach((p, i) => {
      const inf = info(p)
      for (let m = 0; m < M; m++) for (let bx = 0; bx < 2; bx++) for (let c = 0; c < candidates; c++) {
        const r = i * perProblem + (m * 2 + bx) * candidates + c
        prompts.set(p.prompt, r * P)
        comps.set(canonicalCompletion(v, m, inf, bx === 0, inf.answers[c]), r * L)
      }
    })
    const lp = forwardLogProbs(policy, prompts, comps, temperature)
    /** Factors of one (problem, mode, candidate): P(mode), P(reasoning), P(BOX), P(digits | BOX), P(digits, no BOX). */
    const at = (i: number, m: number, c: number) => {
      const rb = (i * perProblem + (m * 2) * candidates + c) * L // boxed row
      const rn = (i * perProblem + (m * 2 + 1) * candidates + c) * L // unboxed row
      return {
        mode: Math.exp(lp[rb]),
        reasoning: Math.exp(lp[rb + 1] + lp[rb + 2] + lp[rb + 3]),
        box: Math.exp(lp[rb + 4]),
        digitsBoxed: Math.exp(lp[rb + 5] + lp[rb + 6]),
        digitsPlain: Math.exp(lp[rn + 4] + lp[rn + 5]),
      }
    }
    return at
  }

  return {
    name: 'arithmetic',
    spec, table, vocab: v, info,
    modes: spec.modes,
    vocabSize: v.size,
    promptLength: P,
    maxCompletionLength: L,
    eosToken: v.eos,
    padToken: v.pad,
    train,
    eval: ev,
    parse(_p: Problem, c: ArrayLike<number>): Parsed {
      let length = c.length
      for (let i = 0; i < c.length; i++) if (c[i] === v.eos) { length = i + 1; break }
      const m = modeOf.get(c[0])
      const mode = m === undefined ? null : spec.modes[m]
      const boxed = c.length > 4 && c[4] === v.box
      const d = boxed ? 5 : 4
      // Read only from a completion that names a mode; the reasoning tokens are not checked.
      const answer = mode !== null && d + 1 < length && isDigit(c[d]) && isDigit(c[d + 1]) ? String(10 * c[d] + c[d + 1]) : null
      return { mode, boxed, answer, length }
    },
    reasoningSpan: () => [0, 4],
    exact(policy, problems, temperature) {
      const at = forceRows(policy, problems, temperature, 1)
      const n = problems.length
      const out: ExactEval = { mode: new Float64Array(n * M), correct: new Float64Array(n * M), boxed: new Float64Array(n * M), canonical: new Float64Array(n * M) }
      for (let i = 0; i < n; i++) for (let m = 0; m < M; m++) {
        const f = at(i, m, 0), k = i * M + m
        out.mode[k] = f.mode
        out.canonical[k] = f.reasoning
        out.boxed[k] = f.reasoning * f.box
        out.correct[k] = f.reasoning * (f.box * f.digitsBoxed + f.digitsPlain)
      }
      return out
    },
    answerDistribution(policy, problems, temperature) {
      const at = forceRows(policy, problems, temperature, CANDIDATES)
      return problems.map((p, i) => {
        const inf = info(p)
        const probs = inf.answers.map((_x, c) => {
          let s = 0
          for (let m = 0; m < M; m++) {
            const f = at(i, m, c)
            s += f.mode * f.reasoning * (f.box * f.digitsBoxed + f.digitsPlain)
          }
          return s
        })
        return { answers: inf.answers.map(String), probs }
      })
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Linear form

/** Answer tokens of the linear form: candidate c boxed = 2c, unboxed = 2c + 1 (after the M mode tokens). */
export const LINEAR_ANSWERS = 2 * CANDIDATES

/** P(answer token | problem, mode) of the linear form, [problems][modes][LINEAR_ANSWERS]. */
export function linearAnswerTable(spec: ArithmeticSpec, table: ArithmeticTable): number[][][] {
  const f = spec.formatRate
  return table.all.map((inf) => inf.answerProbs.map((probs) => probs.flatMap((q) => [q * f, q * (1 - f)])))
}

/** The linear form of the task: prompt = the problem's index, completion = [mode, answer token]. */
export function arithmeticLinearTask(spec: ArithmeticSpec, table = arithmeticTable(spec)): ArithmeticTask {
  const M = spec.modes.length, K = LINEAR_ANSWERS
  const { train, eval: ev, info } = problemMap(table, (i) => Int32Array.of(i.global))
  const byGlobal = table.all

  function force(policy: Policy, problems: Problem[], temperature: number) {
    const R = problems.length * M * K
    const prompts = new Int32Array(R), comps = new Int32Array(R * 2)
    problems.forEach((p, i) => {
      for (let m = 0; m < M; m++) for (let k = 0; k < K; k++) {
        const r = (i * M + m) * K + k
        prompts[r] = p.prompt[0]
        comps[2 * r] = m
        comps[2 * r + 1] = M + k
      }
    })
    const lp = forwardLogProbs(policy, prompts, comps, temperature)
    return {
      mode: (i: number, m: number) => Math.exp(lp[2 * (i * M + m) * K]),
      answer: (i: number, m: number, k: number) => Math.exp(lp[2 * ((i * M + m) * K + k) + 1]),
    }
  }

  return {
    name: 'arithmetic-linear',
    spec, table, vocab: table.vocab, info,
    modes: spec.modes,
    vocabSize: M + K,
    promptLength: 1,
    maxCompletionLength: 2,
    // The linear policy always writes exactly two tokens; EOS/PAD are never emitted.
    eosToken: -1,
    padToken: -1,
    train,
    eval: ev,
    parse(problem: Problem, c: ArrayLike<number>): Parsed {
      const inf = byGlobal[problem.prompt[0]]
      const mode = c[0] >= 0 && c[0] < M ? spec.modes[c[0]] : null
      const k = c.length > 1 ? c[1] - M : -1
      const ok = k >= 0 && k < K && inf !== undefined
      return { mode, boxed: ok && k % 2 === 0, answer: ok ? String(inf.answers[k >> 1]) : null, length: 2 }
    },
    reasoningSpan: () => [0, 1],
    exact(policy, problems, temperature) {
      const f = force(policy, problems, temperature)
      const n = problems.length
      const out: ExactEval = { mode: new Float64Array(n * M), correct: new Float64Array(n * M), boxed: new Float64Array(n * M), canonical: new Float64Array(n * M).fill(1) }
      for (let i = 0; i < n; i++) for (let m = 0; m < M; m++) {
        const k = i * M + m
        out.mode[k] = f.mode(i, m)
        out.correct[k] = f.answer(i, m, 0) + f.answer(i, m, 1)
        let b = 0
        for (let c = 0; c < CANDIDATES; c++) b += f.answer(i, m, 2 * c)
        out.boxed[k] = b
      }
      return out
    },
    answerDistribution(policy, problems, temperature) {
      const f = force(policy, problems, temperature)
      return problems.map((p, i) => {
        const inf = info(p)
        const probs = inf.answers.map((_x, c) => {
          let s = 0
          for (let m = 0; m < M; m++) s += f.mode(i, m) * (f.answer(i, m, 2 * c) + f.answer(i, m, 2 * c + 1))
          return s
        })
        return { answers: inf.answers.map(String), probs }
      })
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Pretraining corpus

/** The corpus tree of every problem as weighted sequences (one row per leaf: mode x box x candidate). */
export interface Corpus {
  /** Row-major [rows, PROMPT_LENGTH]. */
  prompts: Int32Array
  /** Row-major [rows, COMPLETION_LENGTH]. */
  completions: Int32Array
  /** [rows, COMPLETION_LENGTH]: the leaf's probability on its tokens up to EOS, 0 after. */
  weights: Float32Array
  /**
   * [rows, COMPLETION_LENGTH]: the training weights, the same conditional targets at every node of
   * the tree with more emphasis on rare branches: each mode's subtree (prior > 0) weighs the same
   * after the mode token, and boxed and unboxed answers weigh the same after the box decision.
   * A node's leaves keep their true relative weights, so the optimum (the corpus) does not move.
   */
  trainWeights: Float32Array
  /** Rows of problem i (in table.all order): rowStart[i] .. rowStart[i + 1]. */
  rowStart: Int32Array
  /** Entropy of each problem's corpus (nats per sequence): the floor of the expected cross-entropy. */
  entropy: Float64Array
}

export function arithmeticCorpus(spec: ArithmeticSpec, table: ArithmeticTable): Corpus {
  const v = table.vocab, L = COMPLETION_LENGTH, P = PROMPT_LENGTH
  const leaves: { info: ProblemInfo; comp: Int32Array; w: number; wMode: number; wAnswer: number }[] = []
  const active = spec.prior.filter((p) => p > 0).length
  const rowStart = new Int32Array(table.all.length + 1)
  const entropy = new Float64Array(table.all.length)
  table.all.forEach((inf, i) => {
    rowStart[i] = leaves.length
    spec.modes.forEach((_m, m) => {
      for (const boxed of [true, false]) {
        const pb = boxed ? spec.formatRate : 1 - spec.formatRate
        inf.answers.forEach((x, c) => {
          const w = inf.modeProbs[m] * pb * inf.answerProbs[m][c]
          if (w <= 0) return
          // emphasis: 1/active per mode subtree; 1/2 per box branch after the box decision
          const q = inf.answerProbs[m][c]
          leaves.push({ info: inf, comp: canonicalCompletion(v, m, inf, boxed, x), w, wMode: (pb * q) / active, wAnswer: q / active / 2 })
          entropy[i] -= w * Math.log(w)
        })
      }
    })
  })
  rowStart[table.all.length] = leaves.length
  const R = leaves.length
  const prompts = new Int32Array(R * P), completions = new Int32Array(R * L), weights = new Float32Array(R * L), trainWeights = new Float32Array(R * L)
  leaves.forEach((leaf, r) => {
    prompts.set(promptTokens(v, leaf.info), r * P)
    completions.set(leaf.comp, r * L)
    for (let s = 0; s < L; s++) {
      weights[r * L + s] = leaf.w
      // position 0: the mode choice; 1..4: the mode's reasoning and the box decision; 5..: after it
      trainWeights[r * L + s] = s === 0 ? leaf.w : s <= 4 ? leaf.wMode : leaf.wAnswer
      if (leaf.comp[s] === v.eos) break
    }
  })
  return { prompts, completions, weights, trainWeights, rowStart, entropy }
}
