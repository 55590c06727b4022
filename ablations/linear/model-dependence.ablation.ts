// Model dependence (Spurious Rewards, Shao et al. arXiv:2506.10947): the spurious rewards that lift
// Qwen2.5-Math "fail to yield gains" (minimal or negative) on models whose prior is not worth
// amplifying; ground truth helps all. On qwen-7b-like-linear and olmo-sft-like-linear ("bad code":
// they write code almost always and are worse with it) and llama-like-linear (never code), a random
// and a format reward do not raise accuracy; ground truth does.
//
// Settings: the regime of spurious-rewards.ablation.ts (linear regime, 20 steps), which is this
// file's positive control: there the same random and format rewards do raise
// qwen-math-7b-like-linear's accuracy (docs/results.md). One ablation per organism (arms are compared
// within an organism, paired by seed). "Does not raise" is one-sided non-superiority: the mean gain
// (held-out accuracy after RL minus before) is below +0.01, a bound under both of those gains; a
// decrease satisfies it too. llama-like-linear trains its answer head (its mode is no choice; see
// docs/organisms.md), the other two only their mode, so compare verdicts across organisms, not effect
// sizes. Seeds per organism from a pilot (docs/history.md): qwen-7b 6, olmo-sft 4, llama 8. Llama's
// random reward stays inconclusive: its answer head's class logits are shared by all prompts, so the
// random reward moves its accuracy by ±3 points per seed, and showing the mean below +0.01 would take
// ~190 seeds. Inconclusive verdicts are skipped, not failed, and stay visible in the table (a change
// of verdict still fails as a mechanism regression). Verdicts and figures: docs/results.md.
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { accuracyGain } from '../metrics.js'
import { SECTION_2 } from './regime.js'

const SEEDS: Record<string, number> = { 'qwen-7b-like-linear': 6, 'olmo-sft-like-linear': 4, 'llama-like-linear': 8 }

for (const [organism, seeds] of Object.entries(SEEDS)) {
  ablation(`model-dependence: ${organism}`, { organism, seeds, inconclusive: 'skip', ...SECTION_2, steps: 20 }, () => {
    const truth = arm('ground truth', { reward: { kind: 'verifier' } })
    const random = arm('random', { reward: { kind: 'random', gamma: 0.5 } })
    const format = arm('format', { reward: { kind: 'format' } })
    hypothesis('ground truth raises accuracy', () => expectArm(truth).on('accuracy').toIncrease())
    hypothesis('a random reward does not raise accuracy', () => expectArm(random).on(accuracyGain, { label: 'accuracy gain' }).toBeBelow(0.01))
    hypothesis('a format reward does not raise accuracy', () => expectArm(format).on(accuracyGain, { label: 'accuracy gain' }).toBeBelow(0.01))
  })
}
