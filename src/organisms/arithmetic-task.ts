// The transformer form of the arithmetic task: problems as token prompts, completions parsed, and the
// exact figures by teacher-forcing the canonical completions.
import { forwardLogProbs } from '../engine/forward.js'
import type { Policy } from '../engine/policy.js'
import { arithmeticTable, type ArithmeticTable, type ProblemInfo } from './arithmetic-table.js'
import { CANDIDATES, canonicalCompletion, COMPLETION_LENGTH, promptTokens, PROMPT_LENGTH, type ArithmeticVocab } from './arithmetic-tokens.js'
import type { ArithmeticSpec } from './spec.js'
import type { ExactEval, AnswerDistribution, Parsed, Problem, Task } from './task.js'

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
