// Held-out evaluation. Exact where the task allows, with a sampled cross-check beside it:
//   - the linear mode organism ('modes'): accuracy = sum_m P(m) P(right | m) from the policy's
//     probabilities;
//   - tasks with Task.exact (the calibrated arithmetic organisms, both architectures): the canonical
//     completions of every eval prompt are teacher-forced in one batched pass, giving P(mode),
//     P(right | mode) and P(boxed | mode) per prompt with no sampling noise;
//   - otherwise the figures are sampled.
// Keys: eval/accuracy, eval/mode_rate/<mode>, eval/format_rate (exact where possible),
// eval/mode_accuracy/<mode> (P(right | mode), exact tasks), eval/canonical_mass (share of the mass the
// exact figures cover), eval/mean_length and eval/truncated_frac (exact for 'modes' and the length
// family, else sampled), for the length family also eval/length_correct, eval/length_incorrect,
// eval/length_gap and eval/length_mass (exactLengths),
// eval/accuracy_greedy (greedy decoding), and eval/sampled/{accuracy, format_rate, mode_rate/<mode>}
// from evalSamples samples per prompt. Samples come from RNG streams that do not depend on the run's
// seed (common random numbers across arms).
import type { Policy } from '../engine/policy.js'
import type { ExactEval, Task } from '../organisms/task.js'
import { isCorrect } from '../organisms/task.js'
import { makeRng } from '../util/rng.js'
import { completionMetrics } from './completions.js'
import { policyTemplateCollapse } from './template-collapse.js'

interface ExactLinear {
  probabilities(promptIdx: Int32Array, temperature?: number): { mode: Float32Array; answer: Float32Array }
}
const hasExact = (p: Policy): p is Policy & ExactLinear =>
  p.kind === 'linear' && typeof (p as unknown as ExactLinear).probabilities === 'function'

/** Temperature standing in for greedy decoding (argmax up to logit gaps below ~1e-3). */
const GREEDY_TEMPERATURE = 1e-4

export interface EvalOptions { samples: number; temperature: number; templateCollapsePrompts: number; templateCollapseSamples: number }

export function evaluate(policy: Policy, task: Task, opts: EvalOptions): Record<string, number> {
  const out = basicEval(policy, task, opts)
  if (opts.templateCollapsePrompts > 0) {
    const tc = policyTemplateCollapse(policy, task, { prompts: opts.templateCollapsePrompts, samples: opts.templateCollapseSamples, temperature: opts.temperature })
    out['eval/mutual_information'] = tc.mutualInformation
    out['eval/conditional_entropy'] = tc.conditionalEntropy
    out['eval/retrieval_accuracy'] = tc.retrievalAccuracy
  }
  return out
}

function basicEval(policy: Policy, task: Task, opts: EvalOptions): Record<string, number> {
  const sampled = sampledEval(policy, task, opts.samples, opts.temperature, 'eval')
  const cross: Record<string, number> = { 'eval/accuracy_greedy': greedyAccuracy(policy, task) }
  cross['eval/sampled/accuracy'] = sampled['eval/accuracy']
  cross['eval/sampled/format_rate'] = sampled['eval/format_rate']
  for (const m of task.modes) cross[`eval/sampled/mode_rate/${m}`] = sampled[`eval/mode_rate/${m}`]
  if (hasExact(policy) && task.name === 'modes') return { ...exactModes(policy, task, opts.temperature), ...cross }
  if (task.exact) {
    const exact = exactMetrics(task.exact(policy, task.eval, opts.temperature), task.modes)
    // The length family's lengths are exact too (exactLengths); the others' are sampled.
    if ('eval/mean_length' in exact) return { ...exact, ...cross }
    return { ...exact, 'eval/mean_length': sampled['eval/mean_length'], 'eval/truncated_frac': sampled['eval/truncated_frac'], ...cross }
  }
  return { ...sampled, ...cross }
}

/** The section-2 mode task on the linear policy: answer index 0 is the right answer. */
function exactModes(policy: Policy & ExactLinear, task: Task, temperature: number): Record<string, number> {
  const problems = task.eval
  const M = task.modes.length, K = task.vocabSize - M
  const { mode, answer } = policy.probabilities(Int32Array.from(problems, (p) => p.prompt[0]), temperature)
  let acc = 0
  const rate = new Float64Array(M)
  problems.forEach((_p, b) => {
    for (let m = 0; m < M; m++) {
      const pm = mode[b * M + m]
      rate[m] += pm
      acc += pm * answer[(b * M + m) * K]
    }
  })
  const n = problems.length
  const out: Record<string, number> = { 'eval/accuracy': acc / n, 'eval/format_rate': 1, 'eval/mean_length': 2, 'eval/truncated_frac': 0 }
  task.modes.forEach((m, i) => (out[`eval/mode_rate/${m}`] = rate[i] / n))
  return out
}

/** Averages of a task's exact per-prompt probabilities. */
export function exactMetrics(e: ExactEval, modes: string[]): Record<string, number> {
  const M = modes.length, n = e.mode.length / M
  let acc = 0, fmt = 0, canon = 0
  const rate = new Float64Array(M), right = new Float64Array(M), plain = new Float64Array(M)
  for (let i = 0; i < n; i++) for (let m = 0; m < M; m++) {
    const k = i * M + m, pm = e.mode[k]
    acc += pm * e.correct[k]
    fmt += pm * e.boxed[k]
    canon += pm * e.canonical[k]
    rate[m] += pm
    right[m] += pm * e.correct[k]
    plain[m] += e.correct[k]
  }
  const out: Record<string, number> = { 'eval/accuracy': acc / n, 'eval/format_rate': fmt / n, 'eval/canonical_mass': canon / n }
  modes.forEach((name, m) => {
    out[`eval/mode_rate/${name}`] = rate[m] / n
    // P(right | mode) over the prompts, weighted by how often each prompt picks the mode (the
    // plain mean where the mode is never picked).
    out[`eval/mode_accuracy/${name}`] = rate[m] > 1e-30 ? right[m] / rate[m] : plain[m] / n
  })
  if (e.lengthMass) Object.assign(out, exactLengths(e, M))
  return out
}

/**
 * Length figures of a variable-length task from its exact per-prompt tails, over the canonical
 * completions (their share: eval/length_mass): mean length, truncation rate, mean length of right
 * and of wrong completions (truncated ones count as wrong, at the full length) and their gap.
 */
export function exactLengths(e: ExactEval, modes: number): Record<string, number> {
  let cov = 0, len = 0, lenRight = 0, right = 0, trunc = 0
  const n = e.mode.length
  for (let k = 0; k < n; k++) {
    const pm = e.mode[k]
    cov += pm * e.covered![k]
    len += pm * e.lengthMass![k]
    lenRight += pm * e.correctLengthMass![k]
    right += pm * e.correct[k]
    trunc += pm * e.truncated![k]
  }
  const prompts = n / modes
  const correct = lenRight / right, incorrect = (len - lenRight) / (cov - right)
  return {
    'eval/mean_length': len / cov, 'eval/truncated_frac': trunc / cov,
    'eval/length_correct': correct, 'eval/length_incorrect': incorrect, 'eval/length_gap': incorrect - correct,
    'eval/length_mass': cov / prompts,
  }
}

/** evalSamples completions per held-out prompt, parsed: completionMetrics with the given prefix. */
export function sampledEval(policy: Policy, task: Task, samples: number, temperature: number, prefix: string, stream = 'eval'): Record<string, number> {
  const problems = task.eval
  const P = task.promptLength, S = samples
  const prompts = new Int32Array(problems.length * S * P)
  problems.forEach((p, i) => { for (let s = 0; s < S; s++) prompts.set(p.prompt, (i * S + s) * P) })
  const r = policy.sample(prompts, problems.length * S, { temperature, rng: makeRng(0, stream) })
  const items = Array.from({ length: problems.length * S }, (_, b) => {
    const problem = problems[Math.floor(b / S)]
    const completion = r.tokens.subarray(b * r.length, (b + 1) * r.length)
    return { problem, parsed: task.parse(problem, completion), eos: r.eos[b] === 1 }
  })
  return completionMetrics(task, items, prefix)
}

/** Share of held-out prompts whose greedy completion is right. */
export function greedyAccuracy(policy: Policy, task: Task): number {
  const problems = task.eval, P = task.promptLength
  const prompts = new Int32Array(problems.length * P)
  problems.forEach((p, i) => prompts.set(p.prompt, i * P))
  const r = policy.sample(prompts, problems.length, { temperature: GREEDY_TEMPERATURE, rng: makeRng(0, 'eval-greedy') })
  let right = 0
  problems.forEach((problem, b) => { right += Number(isCorrect(problem, task.parse(problem, r.tokens.subarray(b * r.length, (b + 1) * r.length)))) })
  return right / problems.length
}
