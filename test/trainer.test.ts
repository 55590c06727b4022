import { describe, it, expect } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { train, NonFiniteLossError } from '../src/engine/trainer.js'
import type { GrpoConfigInput } from '../src/engine/config.js'
import type { Weights } from '../src/engine/policy.js'
import { useBackend } from './setup-tf.js'

useBackend()

const small: GrpoConfigInput = { organism: 'toy-linear', steps: 30, promptsPerStep: 16, numGenerations: 16, miniBatches: 4, optimizer: 'sgd', learningRate: 0.6 }
const final = (r: Awaited<ReturnType<typeof train>>, k: string) => r.evals.at(-1)!.metrics[k]

describe('trainer on the linear organism', () => {
  it('a verifier reward raises accuracy clearly within a few dozen steps', async () => {
    const r = await train({ ...small, reward: { kind: 'verifier' } }, { seed: 1 })
    const before = r.evals[0].metrics['eval/accuracy']
    expect(before).toBeCloseTo(0.65 * 0.8 + 0.25 * 0.4 + 0.1 * 0.1, 5) // exact evaluation of the prior
    expect(final(r, 'eval/accuracy')).toBeGreaterThan(before + 0.1)
  })

  it('with a reward that is always 0 the parameters do not change (Adam and SGD)', async () => {
    for (const optimizer of ['adam', 'sgd'] as const) {
      let start: Weights | undefined, end: Weights | undefined
      await train({ ...small, steps: 5, optimizer, reward: { kind: 'constant', value: 0 }, organism: { kind: 'linear', initScale: 0.3 } }, {
        seed: 2, inspect: (p, _t, phase) => { if (phase === 'start') start = p.getWeights(); else end = p.getWeights() },
      })
      expect(Object.keys(end!)).toEqual(Object.keys(start!))
      for (const k of Object.keys(start!)) expect(Array.from(end![k].data)).toEqual(Array.from(start![k].data))
    }
  })

  it('same seed, same metrics; another seed, other metrics', async () => {
    const cfg: GrpoConfigInput = { ...small, steps: 8, reward: { kind: 'random', gamma: 0.5 } }
    const [a, b, c] = [await train(cfg, { seed: 3 }), await train(cfg, { seed: 3 }), await train(cfg, { seed: 4 })]
    expect(b.history).toEqual(a.history)
    expect(b.evals).toEqual(a.evals)
    expect(c.history).not.toEqual(a.history)
  })

  it('leaks no tensors across training steps', async () => {
    const counts: number[] = []
    await train({ ...small, steps: 6, beta: 0.05, optimizer: 'adam', reward: { kind: 'random' } }, { seed: 5, onStep: () => counts.push(tf.memory().numTensors) })
    expect(new Set(counts).size).toBe(1)
  })

  it('records the namespaced metrics of every step and the resolved config', async () => {
    const r = await train({ ...small, steps: 2, epsilonHigh: 0.28 }, { seed: 0 })
    expect(r.history).toHaveLength(2)
    for (const k of ['reward/mean', 'train/accuracy', 'train/mode_rate/code', 'loss/policy', 'loss/clip_frac_low', 'loss/clip_frac_high',
      'policy/entropy', 'policy/approx_kl', 'ratio/min', 'ratio/max', 'grad/norm', 'optim/updates']) {
      expect(Number.isFinite(r.history[1][k]), k).toBe(true)
    }
    expect(r.history[0]['optim/updates']).toBe(4)
    expect(r.config.organism).toMatchObject({ kind: 'linear', prior: [0.65, 0.25, 0.1] })
    expect(r.config.organismName).toBe('toy-linear')
    expect(r.config.epsilonHigh).toBe(0.28)
    expect(['node', 'wasm', 'cpu']).toContain(r.backend)
  })

  it('one update per rollout batch keeps the ratio at 1: no clipping', async () => {
    const r = await train({ ...small, steps: 3, miniBatches: 1, reward: { kind: 'random' } }, { seed: 0 })
    for (const h of r.history) {
      expect(h['loss/clip_frac']).toBe(0)
      expect(h['ratio/max']).toBeCloseTo(1, 5)
    }
  })

  it('dynamic sampling drops groups whose rewards are all equal', async () => {
    const r = await train({ ...small, steps: 2, dynamicSampling: true, reward: { kind: 'constant', value: 1 } }, { seed: 0 })
    expect(r.history[0]['samples/kept_frac']).toBe(0)
    expect(r.history[0]['optim/updates']).toBe(0)
  })

  it('a loss that becomes NaN fails with the step named', async () => {
    // Corrupt one weight before training: the first update's loss is NaN.
    const run = train({ ...small, steps: 5, reward: { kind: 'random' } }, {
      seed: 0, inspect: (p, _t, phase) => {
        if (phase !== 'start') return
        const w = p.getWeights()
        w.modeW.data[0] = Number.NaN
        p.setWeights(w)
      },
    })
    await expect(run).rejects.toThrow(NonFiniteLossError)
    await expect(run).rejects.toThrow(/loss became NaN at step 1/)
  })

  it('rejects a bad config before training', async () => {
    await expect(train({ ...small, miniBatches: 7 }, { seed: 0 })).rejects.toThrow(/miniBatches/)
  })
})

describe('held-out KL to the initial policy', () => {
  it('is 0 before training and matches the exact KL of the linear organism after it', async () => {
    let exact = NaN
    let p0: Float32Array | undefined
    const r = await train({ ...small, steps: 15, reward: { kind: 'verifier' }, evalSamples: 64 }, {
      seed: 1, inspect: (p, task, phase) => {
        const lin = p as unknown as { probabilities(idx: Int32Array): { mode: Float32Array } }
        const probs = lin.probabilities(Int32Array.from(task.eval, (q) => q.prompt[0])).mode
        if (phase === 'start') { p0 = probs.slice(); return }
        // Exact sum_m p log(p / p0), averaged over held-out prompts (the answer head is fixed).
        let kl = 0
        for (let i = 0; i < probs.length; i++) kl += probs[i] * Math.log(probs[i] / p0![i])
        exact = kl / task.eval.length
      },
    })
    expect(r.evals[0].metrics['eval/kl_initial']).toBe(0)
    const est = r.evals.at(-1)!.metrics['eval/kl_initial']
    expect(exact).toBeGreaterThan(0.05)
    expect(Math.abs(est - exact)).toBeLessThan(0.15 * exact)
  })
})

describe('trainer on the transformer (successor toy task, from scratch)', () => {
  const tiny: GrpoConfigInput = { organism: 'toy-transformer', steps: 30, promptsPerStep: 10, numGenerations: 16, miniBatches: 2, optimizer: 'adam', learningRate: 1e-2 }

  it('a verifier reward raises accuracy clearly within a few dozen steps', async () => {
    const r = await train({ ...tiny, reward: { kind: 'verifier' } }, { seed: 1 })
    expect(r.evals[0].metrics['eval/accuracy']).toBeLessThan(0.2)
    expect(r.evals.at(-1)!.metrics['eval/accuracy']).toBeGreaterThan(0.6)
  })

  it('with a reward that is always 0 the parameters do not change', async () => {
    let start: Weights | undefined, end: Weights | undefined
    await train({ ...tiny, steps: 3, reward: { kind: 'constant', value: 0 } }, {
      seed: 2, inspect: (p, _t, phase) => { if (phase === 'start') start = p.getWeights(); else end = p.getWeights() },
    })
    for (const k of Object.keys(start!)) expect(Array.from(end![k].data), k).toEqual(Array.from(start![k].data))
  })

  it('same seed, same metrics; no tensor leaks across steps', async () => {
    const counts: number[] = []
    const cfg: GrpoConfigInput = { ...tiny, steps: 4, beta: 0.02, reward: { kind: 'random' } }
    const a = await train(cfg, { seed: 3, onStep: () => counts.push(tf.memory().numTensors) })
    const b = await train(cfg, { seed: 3 })
    expect(b.history).toEqual(a.history)
    expect(new Set(counts).size).toBe(1)
  })
})
