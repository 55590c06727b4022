import { describe, it, expect } from 'vitest'
import { computeAdvantages } from '../src/engine/advantages.js'

const close = (a: ArrayLike<number>, b: number[], d = 5) => b.forEach((v, i) => expect(a[i]).toBeCloseTo(v, d))

describe('computeAdvantages (TRL/verl definitions)', () => {
  it('group scaling: (r - mean) / (sample std + eps)', () => {
    // group [1,0,0,0]: mean 0.25, sample std sqrt((0.5625 + 3*0.0625)/3) = 0.5
    // group [1,1,0,0]: mean 0.5,  sample std sqrt(4*0.25/3) = 0.57735
    const a = computeAdvantages([1, 0, 0, 0, 1, 1, 0, 0], { groupSize: 4, scaleRewards: 'group', epsilon: 1e-4 })
    close(a, [0.75 / 0.5001, -0.25 / 0.5001, -0.25 / 0.5001, -0.25 / 0.5001,
      0.5 / 0.57745, 0.5 / 0.57745, -0.5 / 0.57745, -0.5 / 0.57745], 4)
  })
  it('batch scaling divides by the std of the whole batch', () => {
    // batch [1,0,0,0,1,1,0,0]: mean 0.375, sample std sqrt((3*0.390625 + 5*0.140625)/7) = 0.517549
    const a = computeAdvantages([1, 0, 0, 0, 1, 1, 0, 0], { groupSize: 4, scaleRewards: 'batch', epsilon: 0 })
    close(a, [0.75, -0.25, -0.25, -0.25, 0.5, 0.5, -0.5, -0.5].map((x) => x / 0.517549), 4)
  })
  it("scaleRewards 'none' (Dr. GRPO) only centres", () => {
    close(computeAdvantages([3, 1, 2, 2], { groupSize: 2, scaleRewards: 'none', epsilon: 1e-4 }), [1, -1, 0, 0])
  })
  it('a group whose rewards are all equal has zero advantage', () => {
    close(computeAdvantages([1, 1, 1, 0, 0, 0], { groupSize: 3, scaleRewards: 'group', epsilon: 1e-4 }), [0, 0, 0, 0, 0, 0])
  })
  it('one-sample groups: mean 0, std 1 (verl), so the advantage is the reward over 1 + eps', () => {
    close(computeAdvantages([1, 0, 2], { groupSize: 1, scaleRewards: 'group', epsilon: 1e-6 }), [1 / (1 + 1e-6), 0, 2 / (1 + 1e-6)])
  })
  it('rejects a batch that is not whole groups, naming the sizes', () => {
    expect(() => computeAdvantages([1, 0, 1], { groupSize: 2, scaleRewards: 'group', epsilon: 1e-4 })).toThrow(/3 rewards .* groups of 2/)
  })
})
