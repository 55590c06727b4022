import { describe, it, expect } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { train, NonFiniteLossError, type RunRecord } from '../src/engine/trainer.js'
import { seedBatchable, seedBatchLimit, trainSeeds, type SeedResult } from '../src/engine/train-seeds.js'
import { parseConfig, type GrpoConfigInput } from '../src/engine/config.js'
import { policyLoss, type PolicyLossOptions } from '../src/engine/grpo-loss.js'
import { makeRng } from '../src/util/rng.js'
import { useBackend } from './setup-tf.js'

useBackend()

const small: GrpoConfigInput = {
  organism: 'toy-linear', reward: { kind: 'random', gamma: 0.5 }, steps: 8, promptsPerStep: 16, numGenerations: 16, miniBatches: 4,
  optimizer: 'sgd', learningRate: 0.6, lossType: 'bnpo',
}
// Every option the batched path handles differently from the plain one: Adam, a KL reference, a
// trained answer head, sequence-level ratios, evaluations along the way, dapo, group mini-batches,
// several epochs, the arithmetic organism's answer table and its per-prompt mode offsets.
const variants: [string, GrpoConfigInput][] = [
  ['section-2 (sgd, bnpo, fixed answer head)', small],
  ['adam, beta, trained answer head, GSPO, evalEvery', {
    ...small, organism: { kind: 'linear', trainAnswerHead: true, initScale: 0.3 }, reward: { kind: 'verifier' }, optimizer: 'adam',
    learningRate: 0.05, lossType: 'grpo', beta: 0.05, entropyCoef: 0.01, importanceSamplingLevel: 'sequence', epsilonHigh: 0.28, evalEvery: 3,
  }],
  ['arithmetic linear, dapo, groups, 2 epochs, dual clip', {
    ...small, organism: 'qwen-math-7b-like-linear', steps: 4, optimizer: 'adam', learningRate: 0.05, lossType: 'dapo',
    numIterations: 2, miniBatchMode: 'groups', clipRatioC: 3, maxGradNorm: 0.5,
  }],
  // The transformer, kept cheap: the toy task, 2 steps of 4 prompts x 8. dapo with EOS-dependent masks
  // gives every seed its own normaliser; Adam, a KL reference and norm clipping act per seed.
  ['transformer, adam, beta, dapo, clipped norm, evalEvery', {
    organism: 'toy-transformer', reward: { kind: 'verifier' }, steps: 2, promptsPerStep: 4, numGenerations: 8, miniBatches: 2,
    optimizer: 'adam', learningRate: 1e-2, beta: 0.02, lossType: 'dapo', maxGradNorm: 0.5, entropyCoef: 0.01, evalEvery: 1, evalSamples: 4,
  }],
  ['arithmetic linear with a prompt-dependent mode prior (per-prompt mode offsets)', {
    ...small, organism: { kind: 'arithmetic', modeSpread: 1, policy: { kind: 'linear' } }, steps: 4,
  }],
]

const ok = (r: SeedResult): RunRecord => {
  if (!r.ok) throw r.error
  return r.record
}
/** What must match bit for bit (JSON keeps NaN apart from numbers through the replacer). */
const fingerprint = (r: RunRecord) => JSON.stringify({ history: r.history, evals: r.evals },
  (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))

describe('trainSeeds: seeds trained together are each the run trained alone', () => {
  it.each(variants)('%s', async (_name, cfg) => {
    const seeds = [3, 0, 7, 1, 2, 5, 4, 6]
    const together = (await trainSeeds(cfg, seeds)).map(ok)
    expect(together.map((r) => r.seed)).toEqual(seeds)
    for (const k of [0, 5]) {
      // train() is the same loop with one seed (S = 1).
      const alone = await train(cfg, { seed: seeds[k] })
      expect(fingerprint(together[k])).toBe(fingerprint(alone))
      expect(together[k].config).toEqual(alone.config)
    }
    expect(together[0].history).not.toEqual(together[1].history)
  })

  it('leaks no tensors: the count is the same after every step, and back to the start after the run', async () => {
    const transformer = { ...variants[3][1], steps: 4 }
    for (const cfg of [{ ...small, steps: 6, optimizer: 'adam', beta: 0.05, evalEvery: 2 }, { ...variants[2][1], steps: 6 }, transformer] as GrpoConfigInput[]) {
      const before = tf.memory().numTensors
      const counts: number[] = []
      await trainSeeds(cfg, [0, 1, 2], { onStep: (k) => { if (k === 0) counts.push(tf.memory().numTensors) } })
      expect(counts).toHaveLength(cfg.steps!)
      expect(new Set(counts).size).toBe(1)
      expect(tf.memory().numTensors).toBe(before)
    }
  })

  it('a transformer seed whose loss turns NaN fails alone; the others are unchanged', async () => {
    const cfg = { ...variants[3][1], steps: 2 }
    const r = await trainSeeds(cfg, [0, 1, 2], {
      inspect: (k, p, _t, phase) => {
        if (k !== 1 || phase !== 'start') return
        const w = p.getWeights()
        w['head.w'].data[0] = Number.NaN
        p.setWeights(w)
      },
    })
    expect(r[1]).toMatchObject({ seed: 1, ok: false, step: 1 })
    expect((r[1] as { error: unknown }).error).toBeInstanceOf(NonFiniteLossError)
    const alone = await trainSeeds(cfg, [0, 2])
    expect(fingerprint(ok(r[0]))).toBe(fingerprint(ok(alone[0])))
    expect(fingerprint(ok(r[2]))).toBe(fingerprint(ok(alone[1])))
  })

  it('a seed whose loss turns NaN fails alone, with its step; the others are unchanged', async () => {
    const seeds = [0, 1, 2]
    const r = await trainSeeds(small, seeds, {
      inspect: (k, p, _t, phase) => {
        if (k !== 1 || phase !== 'start') return
        const w = p.getWeights()
        w.modeW.data[0] = Number.NaN
        p.setWeights(w)
      },
    })
    expect(r[1]).toMatchObject({ seed: 1, ok: false, step: 1 })
    const err = (r[1] as { error: unknown }).error
    expect(err).toBeInstanceOf(NonFiniteLossError)
    expect(String(err)).toMatch(/loss became NaN at step 1/)
    const alone = await trainSeeds(small, [0, 2])
    expect(fingerprint(ok(r[0]))).toBe(fingerprint(ok(alone[0])))
    expect(fingerprint(ok(r[2]))).toBe(fingerprint(ok(alone[1])))
  })
})

describe('seedBatchable: decided by the config alone', () => {
  it('takes linear and transformer policies; not dynamic sampling or > 48 linear features', async () => {
    expect(seedBatchable(parseConfig(small))).toBeNull()
    expect(seedBatchable(parseConfig({ ...small, organism: 'qwen-math-7b-like-linear' }))).toBeNull()
    expect(seedBatchable(parseConfig({ ...small, organism: 'toy-transformer' }))).toBeNull()
    expect(seedBatchable(parseConfig({ ...small, organism: 'toy-transformer', dynamicSampling: true }))).toMatch(/dynamicSampling/)
    expect(seedBatchable(parseConfig({ ...small, dynamicSampling: true }))).toMatch(/dynamicSampling/)
    expect(seedBatchable(parseConfig({ ...small, organism: { kind: 'linear', features: 64 } }))).toMatch(/features/)
    await expect(trainSeeds({ ...small, dynamicSampling: true }, [0, 1])).rejects.toThrow(/train\(\)/)
  })
  it("bounds a transformer batch by one update's rows across its seeds, so it fits the wasm heap", () => {
    const regime = { organism: 'toy-transformer', promptsPerStep: 64, numGenerations: 32 } as const
    expect(seedBatchLimit(parseConfig({ ...small, ...regime, miniBatches: 16 }))).toBe(8) // 128 rows a seed
    expect(seedBatchLimit(parseConfig({ ...small, ...regime, miniBatches: 4 }))).toBe(2) // 512
    // One mini-batch a step: 2,048 rows a seed. 8 of them ran wasm out of memory; one seed trains alone.
    expect(seedBatchLimit(parseConfig({ ...small, ...regime, miniBatches: 1 }))).toBe(1)
    expect(seedBatchLimit(parseConfig({ ...small, organism: 'qwen-math-7b-like-linear', miniBatches: 1 }))).toBe(32)
  })
})

describe('policyLoss with a group axis', () => {
  it('each group is aggregated as if alone, bit for bit; loss is their sum', () => {
    const G = 3, B = 5, L = 4
    const rng = makeRng(7, 'group-loss')
    const rand = (n: number, f: () => number) => Float32Array.from({ length: n }, f)
    const lp = rand(G * B * L, () => -Math.abs(rng.normal())), old = rand(G * B * L, () => -Math.abs(rng.normal()))
    const ref = rand(G * B * L, () => -Math.abs(rng.normal())), ent = rand(G * B * L, () => Math.abs(rng.normal()))
    const adv = rand(G * B, () => rng.normal()), mask = rand(G * B * L, () => Number(rng.next() < 0.7))
    const base: PolicyLossOptions = {
      importanceSamplingLevel: 'token', epsilon: 0.2, clip: true, lossType: 'bnpo', maxCompletionLength: L, numItemsInBatch: 13,
      beta: 0.04, entropyCoef: 0.01, oldProbBuckets: [0.05, 0.5],
    }
    for (const lossType of ['grpo', 'bnpo', 'dr_grpo', 'dapo'] as const) for (const importanceSamplingLevel of ['token', 'sequence'] as const) {
      const o = { ...base, lossType, importanceSamplingLevel, clipRatioC: 3, epsilonHigh: 0.28 }
      let grouped = { loss: 0, parts: [] as number[][] }, alone: number[][][] = []
      tf.tidy(() => {
        const t3 = (x: Float32Array) => tf.tensor3d(x, [G, B, L])
        const g = policyLoss({ logp: t3(lp), oldLogp: t3(old), refLogp: t3(ref), entropy: t3(ent), advantages: tf.tensor2d(adv, [G, B]), mask: t3(mask) }, o)
        const per = Array.from({ length: G }, (_, i) => {
          const t2 = (x: Float32Array) => tf.tensor2d(x.subarray(i * B * L, (i + 1) * B * L), [B, L])
          return policyLoss({ logp: t2(lp), oldLogp: t2(old), refLogp: t2(ref), entropy: t2(ent), advantages: tf.tensor1d(adv.subarray(i * B, (i + 1) * B)), mask: t2(mask) }, o)
        })
        const flat = (out: typeof g) => [out.groupLoss, ...Object.values(out.metrics!)].map((t) => Array.from(t.dataSync() as Float32Array))
        grouped = { loss: g.loss.dataSync()[0], parts: flat(g) }
        alone = per.map(flat)
      })
      // Metric j of group i, grouped, equals metric j of group i alone.
      grouped.parts.forEach((vals, j) => {
        const width = vals.length / G
        for (let i = 0; i < G; i++) expect(vals.slice(i * width, (i + 1) * width), `${lossType}/${importanceSamplingLevel} part ${j}`).toEqual(alone[i][j])
      })
      expect(grouped.loss).toBeCloseTo(alone.reduce((s, a) => s + a[0][0], 0), 5)
    }
  })
})
