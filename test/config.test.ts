import { describe, it, expect } from 'vitest'
import { parseConfig, ConfigError } from '../src/engine/config.js'

const err = (c: unknown): ConfigError => {
  try { parseConfig(c) } catch (e) { return e as ConfigError }
  throw new Error('expected a ConfigError')
}

describe('GrpoConfig validation names the field and the fix', () => {
  it('fills every default', () => {
    const c = parseConfig({})
    expect(c).toMatchObject({ epsilon: 0.2, epsilonHigh: null, numGenerations: 32, lossType: 'grpo', scaleRewards: 'group', clip: true })
  })
  it('epsilonHigh < 0', () => {
    const e = err({ epsilonHigh: -0.1 })
    expect(e).toBeInstanceOf(ConfigError)
    expect(e.issues[0].path).toBe('epsilonHigh')
    expect(e.message).toMatch(/→ at epsilonHigh/)
  })
  it('a group of one with group scaling', () => {
    expect(err({ numGenerations: 1, miniBatches: 1 }).message).toMatch(/numGenerations[\s\S]*scaleRewards 'batch' \| 'none'|is 1, so group std is undefined[\s\S]*at numGenerations/)
    expect(() => parseConfig({ numGenerations: 1, miniBatches: 1, scaleRewards: 'none' })).not.toThrow()
  })
  it('miniBatches that do not divide the batch', () => {
    const e = err({ promptsPerStep: 6, numGenerations: 4, miniBatches: 5 })
    expect(e.issues[0].path).toBe('miniBatches')
    expect(e.message).toMatch(/does not divide .* = 24/)
    expect(err({ promptsPerStep: 6, numGenerations: 4, miniBatches: 4, miniBatchMode: 'groups' }).issues[0].path).toBe('miniBatches')
  })
  it('an unknown lossType lists the valid ones', () => {
    const e = err({ lossType: 'ppo' })
    expect(e.issues[0].path).toBe('lossType')
    expect(e.message).toMatch(/grpo/)
  })
  it('a typo in a key is an error, not ignored', () => {
    const e = err({ epsilon_high: 0.28 })
    expect(e.message).toMatch(/unknown key 'epsilon_high'/)
  })
  it('nested fields get a full path', () => {
    expect(err({ reward: { kind: 'random', gamma: 2 } }).issues[0].path).toBe('reward.gamma')
    expect(err({ organism: { kind: 'linear', prior: [0.5, 0.5] } }).issues[0].path).toBe('organism.prior')
  })
  it('delta and dual clip bounds', () => {
    expect(err({ delta: 1.1 }).issues[0].path).toBe('delta')
    expect(err({ clipRatioC: 0.5 }).issues[0].path).toBe('clipRatioC')
  })
  it('reports every bad field at once', () => {
    expect(err({ epsilon: -1, steps: 0 }).issues.map((i) => i.path).sort()).toEqual(['epsilon', 'steps'])
  })
})
