// Pre-RL length statistics of a length-family organism (src/organisms/length.ts) on the held-out
// split: the corpus's own figures (the target, computed from the spec), the policy's exact figures
// (teacher-forced tails) and a sampled cross-check. scripts/length-stats.ts prints them for the presets.
import type { Policy } from '../engine/policy.js'
import { exactMetrics, sampledEval } from '../metrics/evaluate.js'
import { checkProb, linearLength, priorTail, tokenLength } from './length.js'
import type { ArithmeticTask } from './arithmetic.js'
import type { ArithmeticSpec } from './spec.js'

export interface LengthFigures {
  accuracy: number
  meanLength: number
  lengthCorrect: number
  lengthIncorrect: number
  lengthGap: number
  truncationRate: number
  /** Share of the mass the figures cover (exact: the canonical completions; 1 for the others). */
  covered: number
}

export interface LengthStats {
  target: LengthFigures
  exact: LengthFigures
  sampled: LengthFigures & { samples: number }
}

const figures = (m: Record<string, number>, prefix: string): LengthFigures => ({
  accuracy: m[`${prefix}/accuracy`], meanLength: m[`${prefix}/mean_length`], lengthCorrect: m[`${prefix}/length_correct`],
  lengthIncorrect: m[`${prefix}/length_incorrect`], lengthGap: m[`${prefix}/length_gap`], truncationRate: m[`${prefix}/truncated_frac`],
  covered: m[`${prefix}/length_mass`] ?? 1,
})

/**
 * The corpus's figures on the held-out split, from the spec alone: per problem, mode, box and candidate
 * the geometric tail cut at the limit (the linear form has the boxed slots for every answer).
 */
export function targetLengths(spec: ArithmeticSpec, task: ArithmeticTask): LengthFigures {
  const linear = spec.policy.kind === 'linear'
  const L = linear ? linearLength(spec) : tokenLength(spec)
  let right = 0, lenRight = 0, len = 0, trunc = 0
  const infos = task.eval.map((p) => task.info(p))
  for (const inf of infos) spec.modes.forEach((_m, m) => {
    for (const boxed of [true, false]) {
      const pb = boxed ? spec.formatRate : 1 - spec.formatRate
      const e = linear ? 2 : boxed ? 7 : 6
      inf.answers.forEach((_x, c) => {
        const w = inf.modeProbs[m] * pb * inf.answerProbs[m][c] / infos.length
        if (w <= 0) return
        const t = priorTail(checkProb(spec, m, c === 0), L - e)
        const fin = t.finish.reduce((a, b) => a + b, 0), finLen = t.finish.reduce((a, f, k) => a + f * (e + k + 1), 0)
        len += w * (finLen + t.truncated * L)
        trunc += w * t.truncated
        if (c === 0) { right += w * fin; lenRight += w * finLen }
      })
    }
  })
  const lengthCorrect = lenRight / right, lengthIncorrect = (len - lenRight) / (1 - right)
  return { accuracy: right, meanLength: len, lengthCorrect, lengthIncorrect, lengthGap: lengthIncorrect - lengthCorrect, truncationRate: trunc, covered: 1 }
}

export function lengthStats(spec: ArithmeticSpec, task: ArithmeticTask, policy: Policy, samples = 64): LengthStats {
  const exact = exactMetrics(task.exact(policy, task.eval, 1), task.modes)
  const sampled = sampledEval(policy, task, samples, 1, 'eval', 'length-stats')
  return { target: targetLengths(spec, task), exact: figures(exact, 'eval'), sampled: { ...figures(sampled, 'eval'), samples } }
}

const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '-')

/** A markdown table of presets' statistics. */
export function lengthStatsMarkdown(rows: { name: string; stats: LengthStats }[]): string {
  const out = ['| preset | figures | accuracy | mean length | length if right | length if wrong | gap | truncated | mass covered |', '|---|---|---|---|---|---|---|---|---|']
  for (const { name, stats } of rows) {
    for (const [label, s] of [['corpus (target)', stats.target], ['exact', stats.exact], [`sampled (${stats.sampled.samples}/prompt)`, stats.sampled]] as const) {
      out.push(`| ${name} | ${label} | ${f(s.accuracy)} | ${f(s.meanLength, 2)} | ${f(s.lengthCorrect, 2)} | ${f(s.lengthIncorrect, 2)} | ${f(s.lengthGap, 2)} | ${f(s.truncationRate)} | ${f(s.covered)} |`)
    }
  }
  return out.join('\n')
}
