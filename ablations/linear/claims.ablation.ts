// A claim gated on its controls (linear organism, seconds): "the verifier reward teaches beyond
// prior amplification" holds only if the verifier arm beats the random-reward and format-reward
// controls (derived from it by swapping the reward) and the untrained organism.
import { ablation, arm, claim } from 'rlvr-ablate'

ablation('claims: verifier reward beyond its controls (linear)', {
  organism: 'toy-linear', seeds: 8,
  steps: 30, promptsPerStep: 64, numGenerations: 32, miniBatches: 16,
  optimizer: 'sgd', learningRate: 0.6, lossType: 'bnpo',
}, () => {
  const verifier = arm('verifier', { reward: { kind: 'verifier' } })
  claim('verifier reward teaches beyond prior amplification', {
    treatment: verifier, on: 'accuracy', derive: true,
    controls: ['random-reward', 'format-reward', 'untrained'],
  })
})
