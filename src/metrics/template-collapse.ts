import { forwardLogProbs } from '../engine/forward.js'
import type { Policy } from '../engine/policy.js'
import type { Task } from '../organisms/task.js'
import { makeRng } from '../util/rng.js'
// Template collapse (RAGEN-2, arXiv:2604.06268): reasoning Z that looks diverse but ignores the input.
// For N prompts x_j and K reasoning samples z_{i,k} drawn from prompt i, with the teacher-forced
// log p(z_{i,k} | x_j) for every pair:
//   matched  = log p(z_{i,k} | x_i)
//   marginal = logsumexp_j log p(z_{i,k} | x_j) - log N
//   I(X;Z)   = mean(matched - marginal)        (at most log N; the marginal is a sample estimate, so
//              the mean can fall below 0 when samples are likelier under other prompts than their
//              own: measured -6.3 for a collapsed transformer policy)
//   H(Z|X)   = -mean(matched)
//   retrieval accuracy = share of z whose argmax_j is its own prompt (chance 1/N)
// Entropy alone cannot see collapse: H(Z|X) can stay high while I(X;Z) falls.

export interface TemplateCollapse {
  mutualInformation: number
  conditionalEntropy: number
  retrievalAccuracy: number
}

/**
 * @param logp logp(i, k, j) = log p(z_{i,k} | x_j), for i, j in [0, N) and k in [0, K)
 * @example templateCollapse(2, 1, (i, _k, j) => (i === j ? 0 : -Infinity)) // I = log 2, retrieval 1
 */
export function templateCollapse(N: number, K: number, logp: (i: number, k: number, j: number) => number): TemplateCollapse {
  if (!(N >= 2) || !(K >= 1)) throw new Error(`templateCollapse: needs N >= 2 prompts and K >= 1 samples, got N=${N}, K=${K}`)
  let mi = 0, h = 0, hits = 0
  const row = new Float64Array(N)
  for (let i = 0; i < N; i++) for (let k = 0; k < K; k++) {
    let max = -Infinity
    for (let j = 0; j < N; j++) { row[j] = logp(i, k, j); if (row[j] > max) max = row[j] }
    let s = 0
    for (let j = 0; j < N; j++) s += Math.exp(row[j] - max)
    const marginal = max + Math.log(s) - Math.log(N)
    mi += row[i] - marginal
    h -= row[i]
    // Ties (a prompt-blind policy) count as a hit only with probability 1/(number tied): chance level.
    let ties = 0
    for (let j = 0; j < N; j++) if (row[j] === max) ties++
    hits += row[i] === max ? 1 / ties : 0
  }
  const n = N * K
  return { mutualInformation: mi / n, conditionalEntropy: h / n, retrievalAccuracy: hits / n }
}

/**
 * The estimator on a live policy: K reasoning samples from each of the first N held-out prompts,
 * scored under every prompt by teacher forcing (sum of the log-probs over the reasoning span).
 */
export function policyTemplateCollapse(policy: Policy, task: Task, opts: { prompts: number; samples: number; temperature: number }): TemplateCollapse {
  const span = task.reasoningSpan
  if (!span) throw new Error(`task '${task.name}' defines no reasoning span: template collapse cannot be measured on it`)
  const problems = task.eval.slice(0, opts.prompts)
  const N = problems.length, K = opts.samples, P = task.promptLength
  const prompts = new Int32Array(N * K * P)
  problems.forEach((p, i) => { for (let k = 0; k < K; k++) prompts.set(p.prompt, (i * K + k) * P) })
  const roll = policy.sample(prompts, N * K, { temperature: opts.temperature, rng: makeRng(0, 'template-collapse') })
  const L = roll.length
  // Rows (i, k, j): completion z_{i,k} after prompt x_j.
  const rows = N * K * N
  const allPrompts = new Int32Array(rows * P), allTokens = new Int32Array(rows * L)
  for (let i = 0; i < N; i++) for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) {
    const r = (i * K + k) * N + j
    allPrompts.set(problems[j].prompt, r * P)
    allTokens.set(roll.tokens.subarray((i * K + k) * L, (i * K + k + 1) * L), r * L)
  }
  const v = forwardLogProbs(policy, allPrompts, allTokens, opts.temperature, 4096)
  const lp = new Float64Array(rows)
  for (let r = 0; r < rows; r++) {
    const [a, b] = span(allTokens.subarray(r * L, (r + 1) * L))
    for (let q = a; q < b; q++) lp[r] += v[r * L + q]
  }
  return templateCollapse(N, K, (i, k, j) => lp[(i * K + k) * N + j])
}
