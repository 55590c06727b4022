import { describe, it, expect, afterAll } from 'vitest'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseConfig } from '../src/engine/config.js'
import type { Policy, Rollout, SampleOptions } from '../src/engine/policy.js'
import { buildOrganism, resolveOrganism } from '../src/organisms/index.js'
import type { Problem } from '../src/organisms/task.js'
import { modeTask } from '../src/organisms/toy-tasks.js'
import {
  RewardSpec, buildReward, customRewardVersion, makeReward, majorityLabels, majorityOf, promptPool,
  labelsKey, type RewardContext, type RewardInput,
} from '../src/rewards/index.js'
import { canonicalJson } from '../src/util/hash.js'
import { runKey } from '../src/runner/cache.js'
import { makeRng } from '../src/util/rng.js'
import { useBackend } from './setup-tf.js'

useBackend()

const tmp = mkdtempSync(join(tmpdir(), 'rlvr-rewards-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
let dirs = 0
const freshDir = () => join(tmp, `labels-${dirs++}`)

// Two modes, two wrong answers: tokens 0 'code', 1 'nl'; answer tokens 2 (right), 3, 4 (wrong).
const task = modeTask({ modes: ['code', 'nl'], wrongAnswers: 2, numPrompts: 4, numEval: 2 })
const RIGHT = 2, W1 = 3, W2 = 4
const inp = (problem: Problem, mode: number, answer: number): RewardInput => {
  const completion = Int32Array.of(mode, answer)
  return { task, problem, completion, parsed: task.parse(problem, completion) }
}
const p0 = task.train[0]
const rng = (seed = 0) => makeRng(seed, 'reward')
const spec = (s: unknown) => RewardSpec.parse(s)
const mean = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0) / x.length
const corr = (x: number[], y: number[]) => {
  const mx = mean(x), my = mean(y)
  let sxy = 0, sxx = 0, syy = 0
  for (let i = 0; i < x.length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; syy += (y[i] - my) ** 2 }
  return sxy / Math.sqrt(sxx * syy)
}
/** n items, alternately right and wrong answers (correctness known). */
const mixed = (n: number) => Array.from({ length: n }, (_, i) => inp(task.train[i % 4], i % 2, i % 3 === 0 ? RIGHT : W1))

describe('rewards on hand-made completions', () => {
  const batch = [inp(p0, 0, RIGHT), inp(p0, 1, W1), inp(p0, 0, W2), inp(p0, 1, 0 /* unreadable: no boxed answer */)]

  it('verifier: 1 exactly when the answer is right', () => {
    expect(Array.from(makeReward(spec({ kind: 'verifier' }))(batch, rng()))).toEqual([1, 0, 0, 0])
  })
  it('format: 1 when a boxed answer is present, whatever its value', () => {
    expect(Array.from(makeReward(spec({ kind: 'format' }))(batch, rng()))).toEqual([1, 1, 1, 0])
  })
  it('constant: the same value for every completion', () => {
    expect(Array.from(makeReward(spec({ kind: 'constant', value: 0.25 }))(batch, rng()))).toEqual([0.25, 0.25, 0.25, 0.25])
    expect(Array.from(makeReward(spec({ kind: 'constant' }))(batch, rng()))).toEqual([0, 0, 0, 0])
  })
  it('custom: the user function of each completion; a non-finite value fails with the reward named', () => {
    const r = makeReward(spec({ kind: 'custom', name: 'code', fn: (x: RewardInput) => (x.parsed.mode === 'code' ? 1 : -1) }))
    expect(Array.from(r(batch, rng()))).toEqual([1, -1, 1, -1])
    const bad = makeReward(spec({ kind: 'custom', name: 'bad', fn: () => Number.NaN }))
    expect(() => bad(batch, rng())).toThrow(/custom reward 'bad' returned NaN/)
  })
  it('rewards that need the task or the pre-RL model are refused by the synchronous makeReward', () => {
    for (const kind of ['majority-vote', 'incorrect-label', 'one-shot']) {
      expect(() => makeReward(spec({ kind }))).toThrow(/buildReward/)
    }
  })
  it('uniforms per sample: random 1, noisy-verifier 2, the others 0, whatever the outcome', () => {
    const perSample: Record<string, number> = { verifier: 0, format: 0, constant: 0, random: 1, 'noisy-verifier': 2, custom: 0 }
    const items = mixed(50)
    for (const [kind, k] of Object.entries(perSample)) {
      const s = spec(kind === 'noisy-verifier' ? { kind, q: 0.5 } : kind === 'custom' ? { kind, name: 'c', fn: () => 1 } : { kind })
      const a = rng(7), b = rng(7)
      makeReward(s)(items, a)
      for (let i = 0; i < k * items.length; i++) b.next()
      expect(a.next(), kind).toBe(b.next())
    }
  })
})

describe('random(gamma)', () => {
  const items = mixed(20_000)
  it('the empirical rate matches gamma within sampling error', () => {
    for (const gamma of [0.001, 0.3, 0.5, 0.7]) {
      const m = mean(makeReward(spec({ kind: 'random', gamma }))(items, rng(1)))
      expect(Math.abs(m - gamma), `gamma ${gamma}`).toBeLessThan(4 * Math.sqrt((gamma * (1 - gamma)) / items.length) + 1e-9)
    }
  })
  it('gamma = 0 gives all zeros, gamma = 1 all ones', () => {
    expect(makeReward(spec({ kind: 'random', gamma: 0 }))(items, rng(1)).every((r) => r === 0)).toBe(true)
    expect(makeReward(spec({ kind: 'random', gamma: 1 }))(items, rng(1)).every((r) => r === 1)).toBe(true)
  })
  it('is seeded: same seed, same rewards; another seed, others; independent of the response', () => {
    const r = makeReward(spec({ kind: 'random', gamma: 0.5 }))
    const few = items.slice(0, 200)
    expect(Array.from(r(few, rng(3)))).toEqual(Array.from(r(few, rng(3))))
    expect(Array.from(r(few, rng(3)))).not.toEqual(Array.from(r(few, rng(4))))
    const right = few.map((x) => inp(x.problem, 0, RIGHT)), wrong = few.map((x) => inp(x.problem, 1, W2))
    expect(Array.from(r(right, rng(3)))).toEqual(Array.from(r(wrong, rng(3))))
  })
})

describe('noisy-verifier(q, gamma)', () => {
  const items = mixed(20_000)
  const correct = items.map((x) => Number(x.parsed.answer === x.problem.answer))
  it('q = 0 equals the verifier', () => {
    expect(Array.from(makeReward(spec({ kind: 'noisy-verifier', q: 0 }))(items, rng(2)))).toEqual(correct)
  })
  it('q = 1 is independent of correctness (correlation ~ 0) with rate gamma', () => {
    const r = Array.from(makeReward(spec({ kind: 'noisy-verifier', q: 1, gamma: 0.5 }))(items, rng(2)))
    expect(Math.abs(corr(r, correct))).toBeLessThan(4 / Math.sqrt(items.length))
    expect(Math.abs(mean(r) - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / items.length))
  })
  it('q in between: agrees with the verifier on a share 1 - q/2 of samples (gamma 0.5)', () => {
    const r = Array.from(makeReward(spec({ kind: 'noisy-verifier', q: 0.4, gamma: 0.5 }))(items, rng(2)))
    const agree = mean(r.map((v, i) => Number(v === correct[i])))
    expect(Math.abs(agree - 0.8)).toBeLessThan(4 * Math.sqrt(0.16 / items.length))
  })
})

describe('RewardSpec and the run cache key', () => {
  it('fills defaults for the Spurious Rewards kinds', () => {
    expect(spec({ kind: 'majority-vote' })).toEqual({ kind: 'majority-vote', samples: 64, temperature: 1 })
    expect(spec({ kind: 'incorrect-label', samples: 16 })).toEqual({ kind: 'incorrect-label', samples: 16, temperature: 1 })
    expect(spec({ kind: 'one-shot' })).toEqual({ kind: 'one-shot', index: 0 })
    expect(RewardSpec.safeParse({ kind: 'one-shot', index: -1 }).success).toBe(false)
    expect(RewardSpec.safeParse({ kind: 'majority-vote', samples: 0 }).success).toBe(false)
  })

  it('custom: fn must be a function; the version hashes name and source and is recomputed on every parse', () => {
    const r = RewardSpec.safeParse({ kind: 'custom', name: 'x', fn: 3 })
    expect(r.success).toBe(false)
    expect(r.error!.issues[0]).toMatchObject({ path: ['fn'], message: expect.stringMatching(/must be a function/) })
    expect(RewardSpec.safeParse({ kind: 'custom', fn: () => 1 }).success).toBe(false) // name required
    const fn = (x: RewardInput) => Number(x.parsed.boxed)
    const s = spec({ kind: 'custom', name: 'boxed', fn })
    expect(s).toMatchObject({ kind: 'custom', name: 'boxed', fn, version: customRewardVersion('boxed', fn) })
    expect(spec(s)).toEqual(s) // a resolved config parses again to itself
    expect(spec({ ...s, version: 'forged' })).toEqual(s)
  })

  it('parseConfig keeps a custom reward, and its key changes with the body or name but not with the closure object', () => {
    const cfg = (fn: (x: RewardInput) => number, name = 'r') => parseConfig({ organism: 'toy-linear', reward: { kind: 'custom', name, fn } })
    const a = cfg((x) => Number(x.parsed.mode === 'code'))
    expect(a.reward.kind).toBe('custom')
    expect(JSON.parse(canonicalJson(a)).reward).toEqual({ kind: 'custom', name: 'r', version: (a.reward as { version: string }).version })
    const key = runKey(a, 0, 'cpu')
    expect(runKey(cfg((x) => Number(x.parsed.mode === 'code')), 0, 'cpu')).toBe(key) // same source, another closure
    expect(runKey(cfg((x) => Number(x.parsed.mode === 'nl')), 0, 'cpu')).not.toBe(key)
    expect(runKey(cfg((x) => Number(x.parsed.mode === 'code'), 'other'), 0, 'cpu')).not.toBe(key)
  })
})

/** A policy whose answers are set per prompt: answerFor(promptToken, u) with one uniform per row (token 1 is the mode). */
function fakePolicy(answerFor: (prompt: number, u: number) => number): Policy & { calls: number } {
  const p = {
    calls: 0,
    sample(prompts: Int32Array, batch: number, opts: SampleOptions): Rollout {
      p.calls++
      const tokens = new Int32Array(batch * 2)
      for (let b = 0; b < batch; b++) { tokens[2 * b] = 0; tokens[2 * b + 1] = answerFor(prompts[b], opts.rng.next()) }
      return { batch, length: 2, tokens, logprobs: new Float32Array(batch * 2), mask: new Float32Array(batch * 2).fill(1), eos: new Uint8Array(batch).fill(1) }
    },
  }
  return p as unknown as Policy & { calls: number }
}
// prompt 0: always right; 1: W1 with p 0.75; 2: never a readable answer; 3: W2 with p 0.6, else right.
const scripted = () => fakePolicy((prompt, u) => [RIGHT, u < 0.75 ? W1 : RIGHT, 0, u < 0.6 ? W2 : RIGHT][prompt])
const ctxOf = (policy: Policy, labelsDir = freshDir()): RewardContext =>
  ({ task, policy, backend: 'cpu', organismSpec: resolveOrganism({ kind: 'linear', seed: 991 }), labelsDir })

describe('majority labels', () => {
  it('majorityOf: the most common readable answer; ties to the first seen; null when none', () => {
    expect(majorityOf(['a', 'b', 'b', null, null, null])).toEqual({ label: 'b', count: 2 })
    expect(majorityOf(['b', 'a', 'a', 'b'])).toEqual({ label: 'b', count: 2 })
    expect(majorityOf([null, null])).toEqual({ label: null, count: 0 })
  })

  it('are the per-prompt majority of the policy, with the majority share', () => {
    const m = majorityLabels(ctxOf(scripted()), { samples: 64, temperature: 1 })
    expect(m.labels).toEqual([String(RIGHT), String(W1), null, String(W2)])
    expect(m.share[0]).toBe(1)
    expect(m.share[2]).toBe(0)
    expect(Math.abs(m.share[1] - 0.75)).toBeLessThan(0.2)
  })

  it('are cached: the second call reads the file; a corrupt or foreign file is recomputed', () => {
    const dir = freshDir(), policy = scripted()
    const o = { samples: 32, temperature: 1 }
    const first = majorityLabels(ctxOf(policy, dir), o)
    expect(first.source).toBe('computed')
    expect(readdirSync(dir)).toEqual([`${first.key}.json`]) // atomic: no temp file left
    const calls = policy.calls
    const second = majorityLabels(ctxOf(policy, dir), o)
    expect(second).toMatchObject({ source: 'cache', labels: first.labels, share: first.share })
    expect(policy.calls).toBe(calls) // not sampled again
    for (const junk of ['{"key": "trunc', JSON.stringify({ key: 'someone-else', labels: [], share: [] }),
      JSON.stringify({ ...JSON.parse(readFileSync(first.path, 'utf8')), labels: ['1'] })]) {
      writeFileSync(first.path, junk)
      const again = majorityLabels(ctxOf(policy, dir), o)
      expect(again).toMatchObject({ source: 'computed', labels: first.labels })
      expect(majorityLabels(ctxOf(policy, dir), o).source).toBe('cache')
    }
  })

  it('the key changes with organism, backend, samples and temperature', () => {
    const org = resolveOrganism('toy-linear'), o = { samples: 64, temperature: 1 }
    const k = labelsKey(org, 'cpu', o)
    expect(labelsKey(resolveOrganism({ kind: 'linear' }), 'cpu', o)).toBe(k)
    expect(labelsKey(resolveOrganism({ kind: 'linear', initScale: 0.3 }), 'cpu', o)).not.toBe(k)
    expect(labelsKey(org, 'wasm', o)).not.toBe(k)
    expect(labelsKey(org, 'cpu', { samples: 16, temperature: 1 })).not.toBe(k)
    expect(labelsKey(org, 'cpu', { samples: 64, temperature: 0.5 })).not.toBe(k)
  })

  it('on a linear organism: deterministic, some majorities wrong, and equal to the exact argmax where it is clear', async () => {
    const orgSpec = resolveOrganism({ kind: 'linear', initScale: 0.3 })
    const { task: t, policy } = await buildOrganism(orgSpec)
    try {
      const ctx = (labelsDir: string): RewardContext => ({ task: t, policy, backend: 'cpu', organismSpec: orgSpec, labelsDir })
      const a = majorityLabels(ctx(freshDir()), { samples: 64, temperature: 1 })
      const b = majorityLabels(ctx(freshDir()), { samples: 64, temperature: 1 })
      expect(a.source).toBe('computed')
      expect(b.source).toBe('computed')
      expect(b.labels).toEqual(a.labels)
      const wrong = a.labels.filter((l, i) => l !== t.train[i].answer).length
      expect(wrong).toBeGreaterThan(0)
      expect(wrong).toBeLessThan(t.train.length)
      // Exact P(answer | prompt) = sum over modes of P(mode) P(answer | mode).
      const M = 3, K = 4
      const exact = (policy as unknown as { probabilities(p: Int32Array): { mode: Float32Array; answer: Float32Array } })
        .probabilities(Int32Array.from(t.train, (p) => p.prompt[0]))
      let checked = 0
      t.train.forEach((_p, i) => {
        const pa = Array.from({ length: K }, (_, k) => Array.from({ length: M }, (_, m) => exact.mode[i * M + m] * exact.answer[(i * M + m) * K + k]).reduce((x, y) => x + y))
        const order = pa.map((v, k) => [v, k]).sort((x, y) => y[0] - x[0])
        if (order[0][0] - order[1][0] < 0.25) return
        checked++
        expect(a.labels[i]).toBe(String(M + order[0][1]))
      })
      expect(checked).toBeGreaterThan(10)
    } finally { policy.dispose() }
  })
})

describe('buildReward', () => {
  it('majority-vote rewards the answer equal to the pseudo-label, right or wrong', async () => {
    const r = await buildReward(spec({ kind: 'majority-vote', samples: 64 }), ctxOf(scripted()))
    expect(r.promptFilter).toBeUndefined()
    const [t0, t1, t2, t3] = task.train
    const batch = [inp(t0, 0, RIGHT), inp(t0, 0, W1), inp(t1, 0, W1), inp(t1, 0, RIGHT), inp(t2, 0, RIGHT), inp(t2, 0, 0), inp(t3, 1, W2), inp(t3, 1, W1)]
    expect(Array.from(r(batch, rng()))).toEqual([1, 0, 1, 0, 0, 0, 1, 0])
    expect(() => r([inp(task.eval[0], 0, RIGHT)], rng())).toThrow(/not one of the task's training prompts/)
  })

  it('incorrect-label keeps only the wrong-majority prompts and rewards exactly the wrong label', async () => {
    const r = await buildReward(spec({ kind: 'incorrect-label' }), ctxOf(scripted()))
    const [t0, t1, t2, t3] = task.train
    expect(promptPool(r, task)).toEqual([t1, t3]) // t0: majority right; t2: no readable majority
    const batch = [inp(t1, 0, W1), inp(t1, 0, W2), inp(t1, 0, RIGHT), inp(t3, 0, W2), inp(t3, 0, W1), inp(t3, 0, RIGHT), inp(t0, 0, RIGHT), inp(t2, 0, 0)]
    expect(Array.from(r(batch, rng()))).toEqual([1, 0, 0, 1, 0, 0, 0, 0])
  })

  it('incorrect-label fails clearly when no prompt has a wrong majority', async () => {
    const { task: t, policy, spec: orgSpec } = await buildOrganism(resolveOrganism('toy-linear'))
    try {
      await expect(buildReward(spec({ kind: 'incorrect-label' }), { task: t, policy, backend: 'cpu', organismSpec: orgSpec, labelsDir: freshDir() }))
        .rejects.toThrow(/no prompt qualifies/)
    } finally { policy.dispose() }
  })

  it('one-shot keeps one prompt, rewarded by the verifier; an index out of range fails', async () => {
    const r = await buildReward(spec({ kind: 'one-shot', index: 2 }), ctxOf(scripted()))
    expect(promptPool(r, task)).toEqual([task.train[2]])
    expect(Array.from(r([inp(task.train[2], 0, RIGHT), inp(task.train[2], 1, W1)], rng()))).toEqual([1, 0])
    expect((await buildReward(spec({ kind: 'one-shot' }), ctxOf(scripted()))).promptFilter!(task.train[0])).toBe(true)
    await expect(buildReward(spec({ kind: 'one-shot', index: 4 }), ctxOf(scripted()))).rejects.toThrow(/out of range/)
  })

  it('the other kinds build as makeReward does, keep every prompt and never sample the policy', async () => {
    const policy = scripted(), dir = freshDir()
    const items = mixed(40)
    for (const s of [{ kind: 'verifier' }, { kind: 'random', gamma: 0.3 }, { kind: 'format' }, { kind: 'noisy-verifier', q: 0.5 }, { kind: 'constant', value: 2 }, { kind: 'custom', name: 'c', fn: (x: RewardInput) => x.parsed.length }]) {
      const r = await buildReward(spec(s), ctxOf(policy, dir))
      expect(promptPool(r, task)).toBe(task.train)
      expect(Array.from(r(items, rng(5)))).toEqual(Array.from(makeReward(spec(s))(items, rng(5))))
    }
    expect(policy.calls).toBe(0)
    expect(existsSync(dir)).toBe(false)
  })
})
