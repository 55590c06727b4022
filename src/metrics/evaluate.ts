// Held-out evaluation. Exact where the policy exposes its probabilities (the linear organism:
// accuracy = sum_m P(m) P(right | m), no sampling noise); otherwise sampled, evalSamples per prompt,
// from an RNG stream that does not depend on the run's seed (common random numbers across arms).
import type { Policy } from '../engine/policy.js'
import type { Task } from '../organisms/task.js'
import { makeRng } from '../util/rng.js'
import { completionMetrics } from './completions.js'
import { policyTemplateCollapse } from './template-collapse.js'

interface ExactLinear {
  probabilities(promptIdx: Int32Array, temperature?: number): { mode: Float32Array; answer: Float32Array }
}
const hasExact = (p: Policy): p is Policy & ExactLinear =>
  p.kind === 'linear' && typeof (p as unknown as ExactLinear).probabilities === 'function'

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
  const problems = task.eval
  if (hasExact(policy) && task.name === 'modes') {
    const M = task.modes.length, K = task.vocabSize - M
    const { mode, answer } = policy.probabilities(Int32Array.from(problems, (p) => p.prompt[0]), opts.temperature)
    let acc = 0
    const rate = new Float64Array(M)
    problems.forEach((_p, b) => {
      for (let m = 0; m < M; m++) {
        const pm = mode[b * M + m]
        rate[m] += pm
        acc += pm * answer[(b * M + m) * K] // answer index 0 is the right answer
      }
    })
    const n = problems.length
    const out: Record<string, number> = { 'eval/accuracy': acc / n, 'eval/format_rate': 1, 'eval/mean_length': 2, 'eval/truncated_frac': 0 }
    task.modes.forEach((m, i) => (out[`eval/mode_rate/${m}`] = rate[i] / n))
    return out
  }
  const rng = makeRng(0, 'eval')
  const P = task.promptLength, S = opts.samples
  const prompts = new Int32Array(problems.length * S * P)
  problems.forEach((p, i) => { for (let s = 0; s < S; s++) prompts.set(p.prompt, (i * S + s) * P) })
  const r = policy.sample(prompts, problems.length * S, { temperature: opts.temperature, rng })
  const items = Array.from({ length: problems.length * S }, (_, b) => {
    const problem = problems[Math.floor(b / S)]
    const completion = r.tokens.subarray(b * r.length, (b + 1) * r.length)
    return { problem, parsed: task.parse(problem, completion), eos: r.eos[b] === 1 }
  })
  return completionMetrics(task, items, 'eval')
}
