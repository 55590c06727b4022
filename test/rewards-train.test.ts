// The rewards through train(): prompt-pool restriction, majority labels from the initial policy,
// a custom reward end to end. buildReward is wrapped (vi.mock) to record which prompts were scored.
import { describe, it, expect, afterAll, beforeEach, vi } from 'vitest'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { initBackend } from '../src/engine/backend.js'
import { parseConfig, type GrpoConfigInput } from '../src/engine/config.js'
import { train } from '../src/engine/trainer.js'
import { buildOrganism, resolveOrganism } from '../src/organisms/index.js'
import { majorityLabels, type RewardInput } from '../src/rewards/index.js'
import * as rewards from '../src/rewards/index.js'
import { runKey } from '../src/runner/cache.js'
import { useBackend } from './setup-tf.js'

const seen = vi.hoisted(() => ({ ids: [] as number[] }))
vi.mock('../src/rewards/index.js', async (importOriginal) => {
  const mod = await importOriginal<typeof rewards>()
  return {
    ...mod,
    buildReward: async (...args: Parameters<typeof mod.buildReward>) => {
      const r = await mod.buildReward(...args)
      return Object.assign((batch: RewardInput[], rng: Parameters<typeof r>[1]) => {
        for (const x of batch) seen.ids.push(x.problem.id)
        return r(batch, rng)
      }, { promptFilter: r.promptFilter })
    },
  }
})

useBackend()

const dir = mkdtempSync(join(tmpdir(), 'rlvr-rewards-train-'))
process.env.RLVR_CACHE_DIR = dir
afterAll(() => rmSync(dir, { recursive: true, force: true }))
beforeEach(() => { seen.ids = [] })

const small: GrpoConfigInput = { organism: 'toy-linear', steps: 2, promptsPerStep: 8, numGenerations: 8, miniBatches: 2, optimizer: 'sgd', learningRate: 0.6 }
const skewed = { kind: 'linear', initScale: 0.3 } as const // some prompts' pre-RL majority is wrong

describe('rewards in train()', () => {
  it('a custom reward trains end to end; its run key changes when the function body changes', async () => {
    const cfg = (fn: (x: RewardInput) => number): GrpoConfigInput => ({ ...small, reward: { kind: 'custom', name: 'code', fn } })
    const r = await train(cfg((x) => (x.parsed.mode === 'code' ? 1 : 0)), { seed: 0 })
    expect(r.history).toHaveLength(2)
    for (const h of r.history) {
      expect(h['reward/mean']).toBeCloseTo(h['train/mode_rate/code'], 6)
      expect(Number.isFinite(h['loss/policy'])).toBe(true)
    }
    expect(r.config.reward).toMatchObject({ kind: 'custom', name: 'code', version: expect.any(String) })
    const backend = await initBackend()
    const key = (c: GrpoConfigInput) => runKey(parseConfig(c), 0, backend)
    expect(key(cfg((x) => (x.parsed.mode === 'code' ? 1 : 0)))).toBe(key(cfg((x) => (x.parsed.mode === 'code' ? 1 : 0))))
    expect(key(cfg((x) => (x.parsed.mode === 'code' ? 1 : 0)))).not.toBe(key(cfg((x) => (x.parsed.mode === 'nl' ? 1 : 0))))
  })

  it('one-shot puts the chosen prompt in every slot of every step', async () => {
    const r = await train({ ...small, reward: { kind: 'one-shot', index: 5 } }, { seed: 0 })
    expect(seen.ids).toHaveLength(2 * 8 * 8)
    expect(new Set(seen.ids)).toEqual(new Set([5]))
    expect(r.history[0]['reward/mean']).toBeCloseTo(r.history[0]['train/accuracy'], 6)
  })

  it('incorrect-label trains only on the wrong-majority prompts, with labels cached under RLVR_CACHE_DIR/labels', async () => {
    const r = await train({ ...small, organism: skewed, reward: { kind: 'incorrect-label' } }, { seed: 0 })
    expect(readdirSync(join(dir, 'labels'))).toHaveLength(1)
    const orgSpec = resolveOrganism(skewed)
    const { task, policy } = await buildOrganism(orgSpec)
    const m = majorityLabels({ task, policy, backend: r.backend, organismSpec: orgSpec }, { samples: 64, temperature: 1 })
    policy.dispose()
    expect(m.source).toBe('cache') // the file the run wrote
    const wrong = new Set(task.train.filter((p, i) => m.labels[i] !== null && m.labels[i] !== p.answer).map((p) => p.id))
    expect(wrong.size).toBeGreaterThan(0)
    expect(wrong.size).toBeLessThan(task.train.length)
    expect(seen.ids.length).toBe(2 * 8 * 8)
    for (const id of seen.ids) expect(wrong.has(id)).toBe(true)
    // The reward is 1 exactly on the wrong label, so it is at most the share of wrong answers.
    for (const h of r.history) expect(h['reward/mean']).toBeLessThanOrEqual(1 - h['train/accuracy'] + 1e-6)
  })

  it('majority-vote trains from the same cached labels; incorrect-label on an organism whose majority is always right fails clearly', async () => {
    const r = await train({ ...small, organism: skewed, reward: { kind: 'majority-vote' } }, { seed: 1 })
    expect(r.history).toHaveLength(2)
    expect(readdirSync(join(dir, 'labels'))).toHaveLength(1) // shared with incorrect-label (same organism, backend, samples)
    expect(new Set(seen.ids).size).toBeGreaterThan(1)
    await expect(train({ ...small, reward: { kind: 'incorrect-label' } }, { seed: 0 })).rejects.toThrow(/no prompt qualifies/)
  })
})
