// The prompt-dependent mode prior of the arithmetic organisms (spec.modeSpread, src/organisms/mode-prior.ts):
// its mean is the prior, its spread the declared one, absent it changes nothing, and the linear
// policies start every prompt at its own P(mode).
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { arithmeticCorpus, arithmeticTable, COMPLETION_LENGTH, type ArithmeticTask } from '../src/organisms/arithmetic.js'
import { buildOrganism, resolveOrganism } from '../src/organisms/index.js'
import { ArithmeticOrganism, type ArithmeticSpec } from '../src/organisms/spec.js'
import { readWeightsFile, shippedWeightsPath, specHash } from '../src/organisms/weights.js'
import { LinearSeedBatch } from '../src/policies/linear.js'
import { useBackend } from './setup-tf.js'

useBackend()

const spec = (over: object = {}): ArithmeticSpec => ArithmeticOrganism.parse({ kind: 'arithmetic', ...over })
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const sd = (xs: number[]) => { const m = mean(xs); return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1)) }

describe('the per-problem mode prior', () => {
  it('has the prior as its mean over all problems, for 2 and 3 modes', () => {
    for (const over of [{ modeSpread: 1 }, { modeSpread: 2.5, prior: [0.922, 0.078] },
      { modes: ['code', 'nl', 'other'], prior: [0.5, 0.3, 0.2], accuracy: [0.6, 0.4, 0.2], modeSpread: 1.5 }]) {
      const s = spec(over)
      const t = arithmeticTable(s)
      s.prior.forEach((q, m) => expect(Math.abs(mean(t.all.map((i) => i.modeProbs[m])) - q)).toBeLessThan(1e-9))
      for (const i of t.all) expect(i.modeProbs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
      // prompts really differ
      expect(sd(t.all.map((i) => i.modeProbs[0]))).toBeGreaterThan(0.05)
    }
  })

  it('gives the log-odds between any two modes the declared std (within sampling error)', () => {
    for (const over of [{ modeSpread: 1 }, { modeSpread: 0.4 },
      { modes: ['code', 'nl', 'other'], prior: [0.5, 0.3, 0.2], accuracy: [0.6, 0.4, 0.2], modeSpread: 1.2 }]) {
      const s = spec(over)
      const t = arithmeticTable(s)
      const n = t.all.length, se = s.modeSpread! / Math.sqrt(2 * (n - 1)) // SE of a normal sample's std
      for (let a = 0; a < s.modes.length; a++) for (let b = a + 1; b < s.modes.length; b++) {
        const logOdds = t.all.map((i) => Math.log(i.modeProbs[a] / i.modeProbs[b]))
        expect(Math.abs(sd(logOdds) - s.modeSpread!)).toBeLessThan(4 * se)
      }
    }
  })

  it('is independent of the difficulty and error draws: the answer tables, splits and errors do not move', () => {
    const plain = arithmeticTable(spec()), spread = arithmeticTable(spec({ modeSpread: 1 }))
    expect(spread.all.map(({ a, b, answers, answerProbs, split }) => ({ a, b, answers, answerProbs, split })))
      .toEqual(plain.all.map(({ a, b, answers, answerProbs, split }) => ({ a, b, answers, answerProbs, split })))
    // and the per-problem P(code) is uncorrelated with the difficulty (P(right | code))
    const x = spread.all.map((i) => Math.log(i.modeProbs[0] / i.modeProbs[1])), y = spread.all.map((i) => i.answerProbs[0][0])
    const mx = mean(x), my = mean(y)
    const r = x.reduce((a, xi, k) => a + (xi - mx) * (y[k] - my), 0) / ((x.length - 1) * sd(x) * sd(y))
    expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(x.length))
  })

  it('absent: the shipped specs keep their hashes and every problem has P(mode) = prior (the corpus of before)', () => {
    for (const name of ['qwen-math-7b-like', 'qwen-math-7b-gap-like', 'llama-like']) {
      const s = resolveOrganism(name) as ArithmeticSpec
      expect('modeSpread' in s).toBe(false)
      // the shipped file was written before modeSpread existed
      expect(specHash(s)).toBe(readWeightsFile(shippedWeightsPath(name))!.header.specHash)
      const t = arithmeticTable(s)
      for (const i of t.all) expect(i.modeProbs).toEqual(s.prior)
      // the corpus leaves weigh prior x format x answer, as they did
      const c = arithmeticCorpus(s, t)
      const i = 7, inf = t.all[i]
      const w = Array.from({ length: c.rowStart[i + 1] - c.rowStart[i] }, (_x, k) => c.weights[(c.rowStart[i] + k) * 8])
      const expected = s.modes.flatMap((_m, m) => [s.formatRate, 1 - s.formatRate].flatMap((pb) => inf.answerProbs[m].map((q) => s.prior[m] * pb * q)))
        .filter((x) => x > 0).map(Math.fround)
      expect(w).toEqual(expected)
    }
  })

  it('modeSpread 0 behaves like absent (same probabilities and corpus; another spec hash)', () => {
    const absent = spec(), zero = spec({ modeSpread: 0 })
    expect(specHash(zero)).not.toBe(specHash(absent))
    const ta = arithmeticTable(absent), tz = arithmeticTable(zero)
    const maxDiff = (x: ArrayLike<number>, y: ArrayLike<number>) => Array.from(x).reduce((d, v, k) => Math.max(d, Math.abs(v - y[k])), 0)
    expect(maxDiff(tz.all.flatMap((i) => i.modeProbs), ta.all.flatMap((i) => i.modeProbs))).toBeLessThan(1e-12)
    const ca = arithmeticCorpus(absent, ta), cz = arithmeticCorpus(zero, tz)
    expect(Array.from(cz.rowStart)).toEqual(Array.from(ca.rowStart))
    expect(Array.from(cz.completions)).toEqual(Array.from(ca.completions))
    expect(maxDiff(cz.weights, ca.weights)).toBeLessThan(1e-7)
  })

  it('keeps a mode with prior 0 at exactly 0 (no offset resurrects it), in the corpus too', () => {
    const s = spec({ prior: [0, 1], accuracy: [0.36, 0.36], modeSpread: 2 })
    const t = arithmeticTable(s)
    for (const i of t.all) expect(i.modeProbs).toEqual([0, 1])
    const c = arithmeticCorpus(s, t)
    const rows = c.rowStart[t.all.length]
    for (let r = 0; r < rows; r++) expect(c.completions[r * COMPLETION_LENGTH]).toBe(t.vocab.mode[1])
  })

  it('rejects a bad value with an error naming modeSpread', () => {
    for (const bad of [-0.5, Number.NaN, Number.POSITIVE_INFINITY, '1']) {
      expect(() => spec({ modeSpread: bad })).toThrow(/modeSpread must be .*>= 0/)
    }
  })
})

describe('the linear policies start each prompt at its own P(mode)', () => {
  it('linear: exact P(code) per problem equals P_p, the mean over all problems equals the prior', async () => {
    const s = resolveOrganism('qwen-math-7b-spread-like-linear') as ArithmeticSpec
    const org = await buildOrganism(s)
    try {
      const task = org.task as ArithmeticTask
      const probs = [...task.train, ...task.eval]
      const e = task.exact(org.policy, probs, 1)
      const pCode = probs.map((_p, k) => e.mode[k * 2])
      probs.forEach((p, k) => expect(Math.abs(pCode[k] - task.info(p).modeProbs[0])).toBeLessThan(1e-5))
      expect(Math.abs(mean(pCode) - s.prior[0])).toBeLessThan(1e-5)
      expect(sd(pCode)).toBeGreaterThan(0.1)
    } finally {
      org.policy.dispose()
    }
  })

  it('linear with a prior-0 mode: the mode stays at the clamped prior on every prompt', async () => {
    const s = spec({ prior: [0, 1], accuracy: [0.36, 0.36], modeSpread: 1, policy: { kind: 'linear', trainAnswerHead: true } })
    const org = await buildOrganism(s)
    try {
      const task = org.task as ArithmeticTask
      const e = task.exact(org.policy, task.eval, 1)
      for (let k = 0; k < task.eval.length; k++) expect(e.mode[k * 2]).toBeLessThan(1e-11)
    } finally {
      org.policy.dispose()
    }
  })

  it('the length family\'s linear policy too', async () => {
    const s = spec({ modeSpread: 1, length: { meanChecks: [[1, 2], [1.5, 2.5]], maxChecks: 4 }, policy: { kind: 'linear' } })
    const org = await buildOrganism(s)
    try {
      const task = org.task as ArithmeticTask
      const e = task.exact(org.policy, task.eval, 1)
      task.eval.forEach((p, k) => expect(Math.abs(e.mode[k * 2] - task.info(p).modeProbs[0])).toBeLessThan(1e-5))
    } finally {
      org.policy.dispose()
    }
  })

  it('the seed batch reads the same per-prompt offsets as the policy (log-probs), and a clone keeps them', async () => {
    const s = resolveOrganism('qwen-math-7b-gap-spread-like-linear') as ArithmeticSpec
    const org = await buildOrganism(s)
    const clone = org.policy.clone()
    const batch = new LinearSeedBatch([org.policy, clone])
    try {
      const prompts = Int32Array.from({ length: 12 }, (_x, k) => (k * 37) % 400)
      const comps = Int32Array.from({ length: 24 }, (_x, k) => (k % 2 === 0 ? (k >> 1) % 2 : 2 + (k % 5)))
      const single = tf.tidy(() => org.policy.logProbs(tf.tensor2d(prompts, [12, 1], 'int32'), tf.tensor2d(comps, [12, 2], 'int32'), 1).logp.arraySync() as number[][])
      const both = tf.tidy(() => batch.logProbs(Int32Array.from([...prompts, ...prompts]), Int32Array.from([...comps, ...comps]), 12, 1).logp.arraySync() as number[][][])
      for (const seed of both) seed.forEach((row, k) => { expect(row[0]).toBeCloseTo(single[k][0], 6); expect(row[1]).toBeCloseTo(single[k][1], 6) })
      // the offsets matter: prompts differ in P(code)
      expect(new Set(single.filter((_r, k) => comps[2 * k] === 0).map((r) => r[0].toFixed(4))).size).toBeGreaterThan(1)
    } finally {
      batch.dispose()
      clone.dispose()
      org.policy.dispose()
    }
  })
})
