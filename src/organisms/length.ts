// The length family of the arithmetic organisms: the same problems, modes and answer tables
// (arithmetic.ts), with completions whose length varies.
//
//   token form   MODE r1 r2 r3 [BOX] d1 d2 CHECK^k EOS        cut at 8 + maxChecks tokens
//   linear form  mode answer CHECK^k EOS                       cut at 3 + maxChecks tokens
//
// After its answer the corpus writes k CHECK tokens (re-checking the answer) and then EOS. k is
// geometric, P(another CHECK) = mu / (1 + mu), with its mean mu set per mode and by whether the answer
// is right (spec.length.meanChecks[m] = [mu if right, mu if wrong]): wrong answers can be re-checked
// longer, as long wrong responses are in LLMs. A completion that reaches the length limit without EOS
// is truncated: it is unfinished, so it has no answer (the verifier gives it nothing), as a response
// cut before its final answer. The policy sees its answer before it decides the length, so it can
// make right and wrong answers differ in length: that is what the per-sequence 1/|o| normalisation of
// GRPO acts on (Dr. GRPO's length bias). The boxed answer ends at position 7, so a boxed completion
// holds at most maxChecks CHECK tokens; an unboxed one (one token shorter) at most maxChecks + 1. The
// linear form has the same slots as a boxed completion (its answer token carries the box).
//
// Exact length figures: every prefix (mode, reasoning, box, candidate answer) is teacher-forced with
// each tail CHECK^j EOS (j < slots) and with the all-CHECK tail, which gives P(finish after k CHECKs)
// and P(truncated) per prefix with no sampling noise, over the canonical completions.
import { forwardLogProbs } from '../engine/forward.js'
import type { Policy } from '../engine/policy.js'
import { linearAnswerTable } from './arithmetic-linear.js'
import type { ArithmeticTable, ProblemInfo } from './arithmetic-table.js'
import { problemMap, type ArithmeticTask } from './arithmetic-task.js'
import { arithmeticVocab, CANDIDATES, promptTokens, PROMPT_LENGTH, reasoningTokens, type ArithmeticVocab } from './arithmetic-tokens.js'
import { treeCorpus, type Corpus } from './corpus.js'
import type { ArithmeticSpec } from './spec.js'
import type { AnswerDistribution, ExactEval, Parsed, Problem } from './task.js'

/** P(another CHECK) of the geometric prior with mean mu. */
export const continueProb = (mu: number): number => mu / (1 + mu)

/** The corpus's P(another CHECK) after an answer in mode m, right or wrong. */
export function checkProb(spec: ArithmeticSpec, m: number, right: boolean): number {
  if (!spec.length) throw new Error('checkProb: the organism has no length spec')
  return continueProb(spec.length.meanChecks[m][right ? 0 : 1])
}

/** Completion length of the token form. */
export const tokenLength = (spec: ArithmeticSpec): number => 8 + lengthOf(spec).maxChecks
/** Completion length of the linear form. */
export const linearLength = (spec: ArithmeticSpec): number => 3 + lengthOf(spec).maxChecks

function lengthOf(spec: ArithmeticSpec): NonNullable<ArithmeticSpec['length']> {
  if (!spec.length) throw new Error('length family: the organism spec has no `length` field')
  return spec.length
}

export interface LengthVocab extends ArithmeticVocab { check: number }

export function lengthVocab(spec: ArithmeticSpec): LengthVocab {
  const v = arithmeticVocab(spec.modes, spec.maxOperand)
  return { ...v, check: v.size, size: v.size + 1 }
}

/** Prefix of the token form: MODE r1 r2 r3 [BOX] d1 d2. */
export function tokenPrefix(v: ArithmeticVocab, m: number, info: { a: number; b: number }, boxed: boolean, answer: number): number[] {
  return [v.mode[m], ...reasoningTokens(v, m, info), ...(boxed ? [v.box] : []), Math.floor(answer / 10), answer % 10]
}

/** The tails of a prefix: rows j < n are prefix CHECK^j EOS (then pad), row n is prefix CHECK^n (truncated). */
function tailRows(prefix: number[], L: number, t: { check: number; eos: number; pad: number }): Int32Array[] {
  const n = L - prefix.length
  return Array.from({ length: n + 1 }, (_x, j) => {
    const row = new Int32Array(L).fill(t.pad)
    row.set(prefix)
    for (let i = 0; i < Math.min(j, n); i++) row[prefix.length + i] = t.check
    if (j < n) row[prefix.length + j] = t.eos
    return row
  })
}

/** The corpus's tail distribution after a prefix of length e: P(finish with k CHECKs), k < n, and P(truncated). */
export function priorTail(q: number, n: number): { finish: number[]; truncated: number } {
  return { finish: Array.from({ length: n }, (_x, k) => (1 - q) * q ** k), truncated: q ** n }
}

/** Per prefix, what its forced tails say. */
interface Tail {
  /** log P(prefix tokens after the mode token). */
  prefixLogp: number
  /** log P(mode token). */
  modeLogp: number
  /** P(finish | prefix), E[length; finish | prefix], P(truncated | prefix). */
  finish: number
  finishLength: number
  truncated: number
}

/** Read a prefix's tails from the forced log-probs (rows base .. base + n, each L wide). */
function readTail(lp: Float32Array, base: number, L: number, e: number): Tail {
  const n = L - e, last = (base + n) * L
  let prefixLogp = 0
  for (let s = 1; s < e; s++) prefixLogp += lp[last + s]
  let reach = 1, finish = 0, finishLength = 0
  for (let k = 0; k < n; k++) {
    const f = reach * Math.exp(lp[(base + k) * L + e + k])
    finish += f
    finishLength += f * (e + k + 1)
    reach *= Math.exp(lp[last + e + k])
  }
  return { prefixLogp, modeLogp: lp[last], finish, finishLength, truncated: reach }
}

/** ExactEval of the length family from per-(problem, mode, box, candidate) tails. */
function exactFromTails(n: number, M: number, tail: (i: number, m: number, bx: number, c: number) => Tail, boxedOf: (i: number, m: number) => number, canonicalOf: (i: number, m: number) => number, L: number): ExactEval {
  const z = () => new Float64Array(n * M)
  const out = { mode: z(), correct: z(), boxed: z(), canonical: z(), covered: z(), lengthMass: z(), correctLengthMass: z(), truncated: z() }
  for (let i = 0; i < n; i++) for (let m = 0; m < M; m++) {
    const k = i * M + m
    out.mode[k] = Math.exp(tail(i, m, 0, 0).modeLogp)
    out.canonical[k] = canonicalOf(i, m)
    out.boxed[k] = boxedOf(i, m)
    for (let bx = 0; bx < 2; bx++) for (let c = 0; c < CANDIDATES; c++) {
      const t = tail(i, m, bx, c), p = Math.exp(t.prefixLogp)
      out.covered[k] += p * (t.finish + t.truncated)
      out.lengthMass[k] += p * (t.finishLength + t.truncated * L)
      out.truncated[k] += p * t.truncated
      if (c === 0) { out.correct[k] += p * t.finish; out.correctLengthMass[k] += p * t.finishLength }
    }
  }
  return out
}

/** The token (transformer) form of the length family. */
export function lengthTask(spec: ArithmeticSpec, table: ArithmeticTable): ArithmeticTask {
  const v = lengthVocab(spec), M = spec.modes.length, L = tokenLength(spec), P = PROMPT_LENGTH
  const modeOf = new Map(v.mode.map((t, m) => [t, m]))
  const { train, eval: ev, info } = problemMap(table, (i) => promptTokens(v, i))
  const isDigit = (t: number) => t >= 0 && t <= 9

  /** Forced tails of every (problem, mode, box, candidate); rows laid out in that order. */
  function force(policy: Policy, problems: Problem[], temperature: number) {
    const rows: Int32Array[] = [], prompts: Int32Array[] = []
    const base: number[] = []
    problems.forEach((p) => {
      const inf = info(p)
      for (let m = 0; m < M; m++) for (let bx = 0; bx < 2; bx++) for (let c = 0; c < CANDIDATES; c++) {
        base.push(rows.length)
        for (const r of tailRows(tokenPrefix(v, m, inf, bx === 0, inf.answers[c]), L, v)) { rows.push(r); prompts.push(p.prompt) }
      }
    })
    const pr = new Int32Array(rows.length * P), co = new Int32Array(rows.length * L)
    rows.forEach((r, j) => { co.set(r, j * L); pr.set(prompts[j], j * P) })
    const lp = forwardLogProbs(policy, pr, co, temperature)
    const idx = (i: number, m: number, bx: number, c: number) => ((i * M + m) * 2 + bx) * CANDIDATES + c
    const tails = base.map((b, j) => readTail(lp, b, L, (j % (2 * CANDIDATES)) < CANDIDATES ? 7 : 6))
    // P(reasoning) and P(BOX) from the boxed, right-answer row set
    const boxedRowsOf = (i: number, m: number) => (base[idx(i, m, 0, 0)] + (L - 7)) * L
    return {
      tail: (i: number, m: number, bx: number, c: number) => tails[idx(i, m, bx, c)],
      canonical: (i: number, m: number) => { const r = boxedRowsOf(i, m); return Math.exp(lp[r + 1] + lp[r + 2] + lp[r + 3]) },
      box: (i: number, m: number) => Math.exp(lp[boxedRowsOf(i, m) + 4]),
    }
  }

  return {
    name: 'arithmetic-length',
    spec, table, vocab: v, info,
    modes: spec.modes,
    vocabSize: v.size,
    promptLength: P,
    maxCompletionLength: L,
    eosToken: v.eos,
    padToken: v.pad,
    variableLength: true,
    train,
    eval: ev,
    parse(_p: Problem, c: ArrayLike<number>): Parsed {
      let length = c.length, finished = false
      for (let i = 0; i < c.length; i++) if (c[i] === v.eos) { length = i + 1; finished = true; break }
      const m = modeOf.get(c[0])
      const mode = m === undefined ? null : spec.modes[m]
      const boxed = c.length > 4 && c[4] === v.box
      const d = boxed ? 5 : 4
      // An unfinished (truncated) completion has no answer.
      const answer = finished && mode !== null && d + 1 < length && isDigit(c[d]) && isDigit(c[d + 1]) ? String(10 * c[d] + c[d + 1]) : null
      return { mode, boxed, answer, length }
    },
    reasoningSpan: () => [0, 4],
    exact(policy, problems, temperature) {
      const f = force(policy, problems, temperature)
      return exactFromTails(problems.length, M, f.tail, (i, m) => f.canonical(i, m) * f.box(i, m), f.canonical, L)
    },
    answerDistribution(policy, problems, temperature) {
      return answerDistributionOf(problems, info, M, force(policy, problems, temperature).tail)
    },
  }
}

/** P(candidate answer, finished) per problem, over the canonical completions. */
function answerDistributionOf(problems: Problem[], info: (p: Problem) => ProblemInfo, M: number, tail: (i: number, m: number, bx: number, c: number) => Tail): AnswerDistribution {
  return problems.map((p, i) => {
    const inf = info(p)
    const probs = inf.answers.map((_x, c) => {
      let s = 0
      for (let m = 0; m < M; m++) for (let bx = 0; bx < 2; bx++) {
        const t = tail(i, m, bx, c)
        s += Math.exp(t.modeLogp + t.prefixLogp) * t.finish
      }
      return s
    })
    return { answers: inf.answers.map(String), probs }
  })
}

/** Token ids of the linear form: modes 0..M-1, answers M..M+5 (candidate c boxed = M + 2c, unboxed = M + 2c + 1), CHECK, EOS, PAD. */
export function linearLengthTokens(M: number) {
  const answers = 2 * CANDIDATES
  return { answers, check: M + answers, eos: M + answers + 1, pad: M + answers + 2, size: M + answers + 3 }
}

/** The linear form of the length family (policy: src/policies/linear-length.ts). */
export function lengthLinearTask(spec: ArithmeticSpec, table: ArithmeticTable): ArithmeticTask {
  const M = spec.modes.length, L = linearLength(spec), t = linearLengthTokens(M)
  const { train, eval: ev, info } = problemMap(table, (i) => Int32Array.of(i.global))

  function force(policy: Policy, problems: Problem[], temperature: number) {
    const per = 2 * CANDIDATES * (L - 2 + 1)
    const prompts = new Int32Array(problems.length * M * per), comps = new Int32Array(problems.length * M * per * L)
    let r = 0
    problems.forEach((p) => {
      for (let m = 0; m < M; m++) for (let bx = 0; bx < 2; bx++) for (let c = 0; c < CANDIDATES; c++) {
        for (const row of tailRows([m, M + 2 * c + bx], L, t)) { prompts[r] = p.prompt[0]; comps.set(row, r * L); r++ }
      }
    })
    const lp = forwardLogProbs(policy, prompts, comps, temperature)
    const tail = (i: number, m: number, bx: number, c: number) => readTail(lp, (((i * M + m) * 2 + bx) * CANDIDATES + c) * (L - 1), L, 2)
    return { tail }
  }

  return {
    name: 'arithmetic-length-linear',
    spec, table, vocab: lengthVocab(spec), info,
    modes: spec.modes,
    vocabSize: t.size,
    promptLength: 1,
    maxCompletionLength: L,
    eosToken: t.eos,
    padToken: t.pad,
    variableLength: true,
    train,
    eval: ev,
    parse(problem: Problem, c: ArrayLike<number>): Parsed {
      let length = c.length, finished = false
      for (let i = 0; i < c.length; i++) if (c[i] === t.eos) { length = i + 1; finished = true; break }
      const inf = table.all[problem.prompt[0]]
      const mode = c[0] >= 0 && c[0] < M ? spec.modes[c[0]] : null
      const k = c.length > 1 ? c[1] - M : -1
      const ok = k >= 0 && k < t.answers && inf !== undefined
      return { mode, boxed: ok && k % 2 === 0, answer: ok && finished ? String(inf.answers[k >> 1]) : null, length }
    },
    reasoningSpan: () => [0, 1],
    exact(policy, problems, temperature) {
      const { tail } = force(policy, problems, temperature)
      // The answer token carries the box: P(boxed | mode) = sum over candidates of P(boxed answer).
      const boxed = (i: number, m: number) => {
        let s = 0
        for (let c = 0; c < CANDIDATES; c++) s += Math.exp(tail(i, m, 0, c).prefixLogp)
        return s
      }
      return exactFromTails(problems.length, M, tail, boxed, () => 1, L)
    },
    answerDistribution(policy, problems, temperature) {
      return answerDistributionOf(problems, info, M, force(policy, problems, temperature).tail)
    },
  }
}

/** The linear form's initial P(another CHECK) per mode, [right, wrong]. */
export const linearContinueTable = (spec: ArithmeticSpec): number[][] =>
  spec.modes.map((_m, m) => [checkProb(spec, m, true), checkProb(spec, m, false)])

export { linearAnswerTable }

/** The pretraining corpus of the token form: every (mode, box, candidate) prefix with each of its tails. */
export function lengthCorpus(spec: ArithmeticSpec, table: ArithmeticTable): Corpus {
  const v = lengthVocab(spec), L = tokenLength(spec)
  return treeCorpus(spec, table, v, L, (inf, m, boxed, x, c) => {
    const prefix = tokenPrefix(v, m, inf, boxed, x)
    const n = L - prefix.length
    const prior = priorTail(checkProb(spec, m, c === 0), n)
    return tailRows(prefix, L, v).map((comp, j) => ({ comp, p: j < n ? prior.finish[j] : prior.truncated, end: j < n ? prefix.length + j : L - 1 }))
  })
}
