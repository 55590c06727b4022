// The linear form of the arithmetic task: prompt = one token (the problem's index), completion =
// [mode, answer token], answer token = (candidate, boxed or not); the same problems and tables.
import { forwardLogProbs } from '../engine/forward.js'
import type { Policy } from '../engine/policy.js'
import { problemMap, type ArithmeticTask } from './arithmetic-task.js'
import { arithmeticTable, type ArithmeticTable } from './arithmetic-table.js'
import { CANDIDATES } from './arithmetic-tokens.js'
import type { ArithmeticSpec } from './spec.js'
import type { ExactEval, Parsed, Problem } from './task.js'

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
