// A claim gated on its controls: "the verifier reward teaches beyond prior amplification" holds only
// if the ground-truth arm beats the random-reward, format-reward and incorrect-label controls (derived
// from it by swapping the reward) and the untrained organism, on held-out accuracy.
//
// Settings: the shared regime (./regime.ts) on qwen-math-7b-like; the derived controls are the same
// runs as spurious-rewards' random, format and incorrect-label arms.
// Verdicts and figures: docs/results.md (generated); the first 8-seed run: docs/history.md.
import { ablation, arm, claim } from 'rlvr-ablate'
import { TRANSFORMER_REGIME, VERIFIER } from './regime.js'

ablation('claims: verifier reward beyond its controls', { organism: 'qwen-math-7b-like', ...TRANSFORMER_REGIME }, () => {
  const verifier = arm('verifier', { reward: VERIFIER })
  claim('verifier reward teaches beyond prior amplification', {
    treatment: verifier, on: 'accuracy', derive: true,
    controls: ['random-reward', 'format-reward', 'incorrect-label', 'untrained'],
  })
})
