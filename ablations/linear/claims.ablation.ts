// A claim gated on its controls (linear organism, seconds): "the verifier reward teaches beyond
// prior amplification" holds only if the verifier arm beats the random-reward and format-reward
// controls (derived from it by swapping the reward) and the untrained organism.
import { ablation, arm, claim } from 'rlvr-ablate'
import { SECTION_2 } from './regime.js'

ablation('claims: verifier reward beyond its controls (linear)', {
  organism: 'toy-linear', seeds: 8,
  ...SECTION_2, steps: 30,
}, () => {
  const verifier = arm('verifier', { reward: { kind: 'verifier' } })
  claim('verifier reward teaches beyond prior amplification', {
    treatment: verifier, on: 'accuracy', derive: true,
    controls: ['random-reward', 'format-reward', 'untrained'],
  })
})
