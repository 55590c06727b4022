import { describe, it, expect } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { templateCollapse, policyTemplateCollapse } from '../src/metrics/template-collapse.js'
import { createLinearPolicy } from '../src/policies/linear.js'
import { modeTask } from '../src/organisms/toy-tasks.js'
import { useBackend } from './setup-tf.js'

useBackend()

describe('template collapse estimator (RAGEN-2)', () => {
  it('is log N with perfect retrieval when Z names its prompt, 0 at chance when Z ignores it', () => {
    const N = 8, K = 3
    const copy = templateCollapse(N, K, (i, _k, j) => (i === j ? 0 : -50))
    expect(copy.mutualInformation).toBeCloseTo(Math.log(N), 6)
    expect(copy.retrievalAccuracy).toBe(1)
    expect(copy.conditionalEntropy).toBeCloseTo(0, 6)
    const blind = templateCollapse(N, K, (i, k) => -1.5 - 0.1 * ((i + k) % 3))
    expect(blind.mutualInformation).toBeCloseTo(0, 12)
    expect(blind.retrievalAccuracy).toBeCloseTo(1 / N, 12)
    expect(blind.conditionalEntropy).toBeCloseTo(1.6, 6) // mean of 1.5, 1.6, 1.7 — high entropy, no information
  })

  it('on a live linear policy: near log N once trained to copy its prompt, 0 at initialisation', () => {
    const N = 8
    const task = modeTask({ modes: Array.from({ length: N }, (_, i) => `m${i}`), wrongAnswers: 1, numPrompts: 0, numEval: N })
    const policy = createLinearPolicy({
      numModes: N, numAnswers: 2, numPrompts: N, features: 16, featureScale: 1, modePrior: Array(N).fill(1 / N),
      answerProbs: Array.from({ length: N }, () => [0.5, 0.5]), trainAnswerHead: false, initScale: 0,
    }, 0)
    const opts = { prompts: N, samples: 4, temperature: 1 }
    expect(policyTemplateCollapse(policy, task, opts).mutualInformation).toBeCloseTo(0, 6)
    // Supervised: prompt i -> mode i.
    const opt = tf.train.adam(0.1)
    const prompts = tf.tensor2d(Array.from({ length: N }, (_, i) => [i]), [N, 1], 'int32')
    const target = tf.tensor2d(Array.from({ length: N }, (_, i) => [i, N]), [N, 2], 'int32')
    for (let s = 0; s < 300; s++) opt.minimize(() => tf.neg(tf.mean(tf.slice(policy.logProbs(prompts, target, 1).logp, [0, 0], [N, 1]))) as tf.Scalar, false, policy.variables)
    const copy = policyTemplateCollapse(policy, task, opts)
    expect(copy.mutualInformation).toBeGreaterThan(0.95 * Math.log(N))
    expect(copy.retrievalAccuracy).toBeGreaterThan(0.95)
  })
})
