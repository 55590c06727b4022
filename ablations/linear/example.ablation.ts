// The smallest complete ablation: the mode organism (toy-linear) in the linear regime, random reward.
// Standard clipping amplifies the prior (the code mode grows); unclipped updates do not.
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { SECTION_2 } from './regime.js'

ablation('example: clipping amplifies the prior under random reward (linear)', {
  organism: 'toy-linear', seeds: 8,
  ...SECTION_2, reward: { kind: 'random', gamma: 0.5 },
}, () => {
  const clipped = arm('random, standard clip')
  const unclipped = arm('random, no clip', { clip: false })

  hypothesis('the code mode rises under standard clipping', () =>
    expectArm(clipped).on('mode_rate:code').toIncrease())
  hypothesis('clipping raises the code rate more than no clipping', () =>
    expectArm(clipped).on('mode_rate:code').toBeGreaterThan(unclipped))
})
