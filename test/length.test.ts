// The length family (src/organisms/length.ts): completions, parsing, the corpus, exact length figures
// against the corpus and against sampling, the linear length policy, the length metrics, DAPO's soft
// overlong reward, and that the fixed-length presets did not change.
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { seedBatchable } from '../src/engine/train-seeds.js'
import { parseConfig } from '../src/engine/config.js'
import { completionMetrics } from '../src/metrics/completions.js'
import { exactMetrics, sampledEval } from '../src/metrics/evaluate.js'
import { arithmeticTable, type ArithmeticTask } from '../src/organisms/arithmetic.js'
import { buildOrganism, ORGANISM_PRESETS, resolveOrganism } from '../src/organisms/index.js'
import { lengthCorpus, lengthTask, lengthVocab, tokenPrefix } from '../src/organisms/length.js'
import { lengthStats, targetLengths } from '../src/organisms/length-stats.js'
import { ArithmeticOrganism, type ArithmeticSpec } from '../src/organisms/spec.js'
import { makeReward, overlongPenalty, RewardSpec } from '../src/rewards/index.js'
import { makeRng } from '../src/util/rng.js'
import { useBackend } from './setup-tf.js'

useBackend()

const LINEAR = 'qwen-math-7b-length-like-linear', TRANSFORMER = 'qwen-math-7b-length-like'
const spec = (name: string) => resolveOrganism(name) as ArithmeticSpec

describe('length family: spec, completions, corpus', () => {
  it('fixed-length specs carry no length key (their hashes and run keys are unchanged)', () => {
    for (const [name, input] of Object.entries(ORGANISM_PRESETS)) {
      const s = resolveOrganism(name)
      if (name.includes('length')) expect(s.kind === 'arithmetic' && s.length).toBeTruthy()
      else expect('length' in s, `${name} (${JSON.stringify(input).slice(0, 40)})`).toBe(false)
    }
    expect(() => ArithmeticOrganism.parse({ kind: 'arithmetic', length: { meanChecks: [[1, 2]], maxChecks: 4 } })).toThrow(/meanChecks.*2 modes/s)
    expect(() => ArithmeticOrganism.parse({ kind: 'arithmetic', length: { meanChecks: [[1, 2], [1, 2]], maxChecks: 0 } })).toThrow(/maxChecks/)
  })

  it('the token form writes the answer, then CHECKs, then EOS; a truncated completion has no answer', () => {
    const s = spec(TRANSFORMER)
    const task = lengthTask(s, arithmeticTable(s)), v = lengthVocab(s)
    expect(task.maxCompletionLength).toBe(12)
    const p = task.eval[3], info = task.info(p)
    const prefix = tokenPrefix(v, 0, info, true, info.sum)
    const done = [...prefix, v.check, v.check, v.eos, v.pad, v.pad]
    expect(task.parse(p, done)).toEqual({ mode: 'code', boxed: true, answer: String(info.sum), length: 10 })
    const cut = [...prefix, v.check, v.check, v.check, v.check, v.check]
    expect(task.parse(p, cut)).toEqual({ mode: 'code', boxed: true, answer: null, length: 12 })
  })

  it('the corpus is the tree: every problem sums to 1, and its tails follow the geometric prior', () => {
    const s = spec(TRANSFORMER), t = arithmeticTable(s), c = lengthCorpus(s, t), L = 12
    for (let i = 0; i < t.all.length; i += 41) {
      let total = 0
      for (let r = c.rowStart[i]; r < c.rowStart[i + 1]; r++) total += c.weights[r * L]
      expect(total).toBeCloseTo(1, 6)
    }
    // problem 0, code, boxed, right answer: P(k = 0) = 1 - q with q = mu / (1 + mu), mu = 1
    const w0 = c.weights[c.rowStart[0] * L]
    expect(w0 / (s.prior[0] * s.formatRate * t.all[0].answerProbs[0][0])).toBeCloseTo(0.5, 6)
  })
})

describe('exact length figures (linear form)', () => {
  it('at initialisation they equal the corpus computed from the spec, and sampling agrees', async () => {
    const s = spec(LINEAR)
    const org = await buildOrganism(s)
    try {
      const task = org.task as ArithmeticTask
      const st = lengthStats(s, task, org.policy, 400)
      for (const k of ['accuracy', 'meanLength', 'lengthCorrect', 'lengthIncorrect', 'lengthGap', 'truncationRate'] as const) {
        expect(st.exact[k]).toBeCloseTo(st.target[k], 5)
      }
      // sampled: 80 prompts x 400 = 32,000 completions; SE of a rate ~0.002, of a mean length ~0.01
      expect(Math.abs(st.sampled.truncationRate - st.exact.truncationRate)).toBeLessThan(0.01)
      expect(Math.abs(st.sampled.meanLength - st.exact.meanLength)).toBeLessThan(0.05)
      expect(Math.abs(st.sampled.lengthGap - st.exact.lengthGap)).toBeLessThan(0.1)
      expect(Math.abs(st.sampled.accuracy - st.exact.accuracy)).toBeLessThan(0.015)
      // what the preset promises: wrong answers are re-checked longer, and truncation matters
      expect(st.exact.lengthGap).toBeGreaterThan(0.5)
      expect(st.exact.truncationRate).toBeGreaterThan(0.05)
      expect(st.exact.truncationRate).toBeLessThan(0.2)
      expect(exactMetrics(task.exact(org.policy, task.eval, 1), task.modes)['eval/length_mass']).toBeCloseTo(1, 5)
    } finally {
      org.policy.dispose()
    }
  })

  it('the target moves with the spec: longer checks after wrong answers widen the gap and raise truncation', () => {
    const s = spec(LINEAR)
    const wider = ArithmeticOrganism.parse({ ...s, length: { ...s.length!, meanChecks: [[1, 4], [1.5, 4]] } })
    const a = targetLengths(s, lengthTaskOf(s)), b = targetLengths(wider, lengthTaskOf(wider))
    expect(b.lengthGap).toBeGreaterThan(a.lengthGap + 0.5)
    expect(b.truncationRate).toBeGreaterThan(a.truncationRate)
    expect(b.lengthCorrect).toBeCloseTo(a.lengthCorrect, 9)
  })
})

const lengthTaskOf = (s: ArithmeticSpec) => lengthTask({ ...s, policy: { kind: 'transformer' } as never }, arithmeticTable(s))

describe('linear length policy', () => {
  it('its log-probs of its own samples match the sampler, gradients reach the length weights, nothing leaks', async () => {
    const s = spec(LINEAR)
    const org = await buildOrganism(s)
    try {
      const { policy, task } = org
      const B = 64, P = task.promptLength, L = task.maxCompletionLength
      const prompts = new Int32Array(B * P).map((_x, i) => task.train[i % task.train.length].prompt[0])
      const roll = policy.sample(prompts, B, { temperature: 1, rng: makeRng(3, 't') })
      expect(roll.eos.some((e) => e === 0)).toBe(true) // some are truncated
      const before = tf.memory().numTensors
      const lp = tf.tidy(() => policy.logProbs(tf.tensor2d(prompts, [B, P], 'int32'), tf.tensor2d(roll.tokens, [B, L], 'int32'), 1).logp.dataSync())
      for (let i = 0; i < B * L; i++) if (roll.mask[i]) expect(lp[i]).toBeCloseTo(roll.logprobs[i], 5)
      const { grads, value } = tf.variableGrads(() => tf.neg(tf.sum(tf.mul(policy.logProbs(tf.tensor2d(prompts, [B, P], 'int32'), tf.tensor2d(roll.tokens, [B, L], 'int32'), 1).logp, tf.tensor2d(roll.mask, [B, L])))) as tf.Scalar, policy.variables)
      const norms = Object.values(grads).map((g) => tf.tidy(() => tf.norm(g).dataSync()[0]))
      expect(norms.every((n) => n > 0)).toBe(true)
      tf.dispose([...Object.values(grads), value])
      expect(tf.memory().numTensors).toBe(before)
      // every token up to EOS is in the mask: the loss normalises by the real length
      for (let b = 0; b < B; b++) expect(roll.mask.subarray(b * L, (b + 1) * L).reduce((a, x) => a + x, 0)).toBe(task.parse(task.train[0], roll.tokens.subarray(b * L, (b + 1) * L)).length)
    } finally {
      org.policy.dispose()
    }
  })

  it('trains outside the seed batch (its own policy class), with a reason', () => {
    expect(seedBatchable(parseConfig({ organism: LINEAR }))).toMatch(/variable-length/)
    expect(seedBatchable(parseConfig({ organism: 'qwen-math-7b-like-linear' }))).toBeNull()
  })
})

describe('length metrics', () => {
  it('splits rollouts into right and wrong lengths (truncated count as wrong), only for variable-length tasks', async () => {
    const s = spec(LINEAR)
    const org = await buildOrganism(s)
    try {
      const task = org.task
      const p = task.eval[0], info = (task as ArithmeticTask).info(p), M = 2, check = M + 6, eos = M + 7, pad = M + 8
      const right = [0, M + 0, check, eos, pad, pad, pad], wrong = [0, M + 2, check, check, check, eos, pad], cut = [0, M + 0, check, check, check, check, check]
      const items = [right, wrong, cut].map((c) => ({ problem: p, parsed: task.parse(p, c), eos: c.includes(eos) }))
      expect(items[0].parsed.answer).toBe(String(info.sum))
      const m = completionMetrics(task, items, 'x')
      expect(m['x/length_correct']).toBe(4)
      expect(m['x/length_incorrect']).toBe((6 + 7) / 2)
      expect(m['x/length_gap']).toBe(6.5 - 4)
      expect(m['x/truncated_frac']).toBeCloseTo(1 / 3, 12)
      const sampled = sampledEval(org.policy, task, 8, 1, 'eval')
      expect(sampled['eval/length_incorrect']).toBeGreaterThan(sampled['eval/length_correct'])
    } finally {
      org.policy.dispose()
    }
    const fixed = await buildOrganism(resolveOrganism('qwen-math-7b-like-linear'))
    try {
      const p = fixed.task.eval[0]
      expect(Object.keys(completionMetrics(fixed.task, [{ problem: p, parsed: fixed.task.parse(p, [0, 2]), eos: true }], 'x'))).not.toContain('x/length_gap')
    } finally {
      fixed.policy.dispose()
    }
  })
})

describe("DAPO's soft overlong punishment", () => {
  it('is 0 up to L - cache, falls linearly to -1 at L, -1 beyond', () => {
    expect(overlongPenalty(8, 12, 3)).toBe(0)
    expect(overlongPenalty(9, 12, 3)).toBe(0)
    expect(overlongPenalty(10, 12, 3)).toBeCloseTo(-1 / 3, 12)
    expect(overlongPenalty(11, 12, 3)).toBeCloseTo(-2 / 3, 12)
    expect(overlongPenalty(12, 12, 3)).toBe(-1)
    expect(overlongPenalty(13, 12, 3)).toBe(-1)
  })

  it("adds to the verifier's reward (or stands alone), with the task's limit by default", async () => {
    const org = await buildOrganism(resolveOrganism(LINEAR))
    try {
      const task = org.task, p = task.eval[0], M = 2, check = M + 6, eos = M + 7, pad = M + 8
      const comps = [[0, M, eos, pad, pad, pad, pad], [0, M, check, check, check, eos, pad], [0, M + 2, check, check, check, eos, pad], [0, M, check, check, check, check, check]]
      const batch = comps.map((c) => ({ task, problem: p, completion: Int32Array.from(c), parsed: task.parse(p, c) }))
      const r = makeReward(RewardSpec.parse({ kind: 'soft-overlong', cache: 2 }))(batch, makeRng(0))
      // lengths 3, 6, 6, 7 under L = 7, cache 2: penalties 0, -0.5, -0.5, -1; right, right, wrong, truncated (no answer)
      expect(Array.from(r)).toEqual([1, 0.5, -0.5, -1])
      const alone = makeReward(RewardSpec.parse({ kind: 'soft-overlong', cache: 2, verifier: false }))(batch, makeRng(0))
      expect(Array.from(alone)).toEqual([0, -0.5, -0.5, -1])
      expect(() => makeReward(RewardSpec.parse({ kind: 'soft-overlong', cache: 9 }))(batch, makeRng(0))).toThrow(/cache 9 exceeds the length limit 7/)
      expect(() => RewardSpec.parse({ kind: 'soft-overlong', cache: 0 })).toThrow()
    } finally {
      org.policy.dispose()
    }
  })
})

describe('the shipped transformer length preset', () => {
  it('reproduces its corpus lengths and truncation (exact), and sampling agrees', async () => {
    const s = spec(TRANSFORMER)
    const org = await buildOrganism(s, { log: () => {} })
    try {
      expect(org.weights?.source, `shipped weights of ${TRANSFORMER} are missing or stale: run scripts/pretrain.ts ${TRANSFORMER}`).toBe('shipped')
      const task = org.task as ArithmeticTask
      const st = lengthStats(s, task, org.policy, 48)
      // the tolerances of the fixed-length presets for rates (0.03), a quarter token for lengths
      expect(Math.abs(st.exact.truncationRate - st.target.truncationRate)).toBeLessThan(0.03)
      for (const k of ['meanLength', 'lengthCorrect', 'lengthIncorrect'] as const) expect(Math.abs(st.exact[k] - st.target[k]), k).toBeLessThan(0.25)
      expect(st.exact.lengthGap).toBeGreaterThan(0.5)
      // 80 prompts x 48 samples: SE ~0.005 on the truncation rate, ~0.03 on the mean length
      expect(Math.abs(st.sampled.truncationRate - st.exact.truncationRate)).toBeLessThan(0.02)
      expect(Math.abs(st.sampled.meanLength - st.exact.meanLength)).toBeLessThan(0.15)
    } finally {
      org.policy.dispose()
    }
  })

  // Learning the sums is the slow part of its pretraining. 800 steps at lr 3e-3 left the accuracy 0.06
  // low and 20% of the answer mass off the corpus's candidates; 2,000 at 1e-2 (final KL 0.195 nats per
  // sequence) fixed the accuracy, but ~7% of the mass (train and held-out alike: a fit gap, not
  // overfitting) is still off the candidate answers or their CHECK/EOS tails. A known gap, kept visible:
  // a longer pretraining should close it; this test then fails and becomes a plain it.
  it.fails('puts its answers on the corpus candidates (exact figures cover > 0.95; known gap: 0.932)', async () => {
    const s = spec(TRANSFORMER)
    const org = await buildOrganism(s, { log: () => {} })
    try {
      const task = org.task as ArithmeticTask
      expect(exactMetrics(task.exact(org.policy, task.eval, 1), task.modes)['eval/length_mass']).toBeGreaterThan(0.95)
    } finally {
      org.policy.dispose()
    }
  })
  it('reproduces its corpus accuracy within 0.03', async () => {
    const s = spec(TRANSFORMER)
    const org = await buildOrganism(s, { log: () => {} })
    try {
      const st = lengthStats(s, org.task as ArithmeticTask, org.policy, 1)
      expect(Math.abs(st.exact.accuracy - st.target.accuracy)).toBeLessThan(0.03)
    } finally {
      org.policy.dispose()
    }
  })
})
