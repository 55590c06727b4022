// Model dependence (Spurious Rewards, Shao et al. arXiv:2506.10947): the rewards that lift
// Qwen2.5-Math do not lift models whose prior is not worth amplifying. On qwen-7b-like and
// olmo-sft-like ("bad code": they write code almost always and are worse with it) and llama-like
// (never code), random and format rewards do not raise accuracy (the gain stays below 2 points: a
// decrease satisfies it too); ground truth does.
//
// Settings: the shared regime (./regime.ts), one ablation per organism (arms are compared within one
// organism, paired by seed). "Does not raise" is a one-sided test that the mean accuracy gain is
// below +2 points (the paper's "no gain" results are within about that of zero, or negative).
// Verdicts and figures: docs/results.md (generated); the first 8-seed run: docs/history.md.
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { accuracyGain } from './metrics.js'
import { FORMAT, RANDOM, TRANSFORMER_REGIME, VERIFIER } from './regime.js'

for (const organism of ['qwen-7b-like', 'olmo-sft-like', 'llama-like']) {
  ablation(`model-dependence: ${organism}`, { organism, ...TRANSFORMER_REGIME }, () => {
    const truth = arm('ground truth', { reward: VERIFIER })
    const random = arm('random', { reward: RANDOM })
    const format = arm('format', { reward: FORMAT })
    hypothesis('ground truth raises accuracy', () => expectArm(truth).on('accuracy').toIncrease())
    hypothesis('a random reward does not raise accuracy', () => expectArm(random).on(accuracyGain, { label: 'accuracy gain' }).toBeBelow(0.02))
    hypothesis('a format reward does not raise accuracy', () => expectArm(format).on(accuracyGain, { label: 'accuracy gain' }).toBeBelow(0.02))
  })
}
