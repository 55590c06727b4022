import { describe, it, expect, beforeEach, afterAll, vi } from 'vitest'
import { mkdtempSync, readdirSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseConfig } from '../src/engine/config.js'
import * as trainer from '../src/engine/trainer.js'
import * as seeded from '../src/engine/train-seeds.js'
import { readCacheEntry, readCachedRun, writeCachedRun, runKey, cacheDir } from '../src/runner/cache.js'
import { runArms } from '../src/runner/run-arms.js'
import { Progress, secondsLeft } from '../src/runner/progress.js'
import { useBackend } from './setup-tf.js'

useBackend()

const dir = mkdtempSync(join(tmpdir(), 'rlvr-cache-'))
process.env.RLVR_CACHE_DIR = dir
afterAll(() => rmSync(dir, { recursive: true, force: true }))
beforeEach(() => { rmSync(dir, { recursive: true, force: true }); vi.restoreAllMocks() })

const quiet = () => new Progress({ write: () => true, isTTY: false } as unknown as NodeJS.WriteStream, 1e9)
const cfg = (over = {}) => parseConfig({ organism: 'toy-linear', steps: 2, promptsPerStep: 8, numGenerations: 4, miniBatches: 2, ...over })

describe('run cache', () => {
  it('keys change with config, seed, backend; not with key order', () => {
    const a = runKey(cfg(), 0, 'wasm')
    expect(runKey(cfg(), 0, 'wasm')).toBe(a)
    expect(runKey(cfg({ epsilonHigh: 0.28 }), 0, 'wasm')).not.toBe(a)
    expect(runKey(cfg(), 1, 'wasm')).not.toBe(a)
    expect(runKey(cfg(), 0, 'cpu')).not.toBe(a)
    // A preset name and its expanded spec are the same run.
    expect(runKey(cfg({ organism: { kind: 'linear' } }), 0, 'wasm')).toBe(a)
    expect(runKey({ ...cfg(), steps: 2, organism: 'toy-linear' } as never, 0, 'wasm')).toBe(a)
  })

  it('writes atomically and reads back exactly, NaN included', async () => {
    const rec = await trainer.train(cfg(), { seed: 0 })
    rec.history[0]['loss/policy'] = Number.NaN
    writeCachedRun('k1', rec)
    expect(readdirSync(cacheDir())).toEqual(['k1.json']) // no temp file left behind
    expect(readCachedRun('k1')).toEqual(rec)
  })

  it('a corrupt or foreign entry is detected, not used, and left for the retrained record to replace', async () => {
    const rec = await trainer.train(cfg(), { seed: 0 })
    writeCachedRun('k2', rec)
    writeFileSync(join(cacheDir(), 'k2.json'), '{"key": "k2", "record": {"hist') // truncated write
    expect(readCachedRun('k2')).toBeUndefined()
    expect(readCacheEntry('k2')).toMatchObject({ status: 'bad', problem: expect.stringContaining('does not parse') })
    expect(readdirSync(cacheDir())).toEqual(['k2.json']) // never deleted on read (the cache may be read-only)
    writeCachedRun('k2', rec)
    expect(readCachedRun('k2')).toEqual(rec)
    writeCachedRun('k3', rec)
    writeFileSync(join(cacheDir(), 'k4.json'), JSON.stringify({ key: 'k3', record: rec })) // wrong key
    expect(readCachedRun('k4')).toBeUndefined()
    expect(readCacheEntry('k4')).toMatchObject({ status: 'bad', problem: expect.stringContaining('another run') })
  })
})

describe('runArms', () => {
  it('trains each distinct run once, serves the rest from the cache, and resumes after an interruption', async () => {
    const spy = vi.spyOn(seeded, 'trainSeeds')
    const arms = [{ name: 'A', config: cfg() }, { name: 'B', config: cfg({ epsilonHigh: 0.28 }) }, { name: 'A again', config: cfg() }]
    const first = await runArms('t', arms, [0, 1], { progress: quiet() })
    expect(first).toMatchObject({ trained: 4, cached: 0, total: 4 })
    // A linear arm's seeds train together: one call per distinct config ('A again' shares A's runs).
    expect(spy.mock.calls.map((c) => c[1])).toEqual([[0, 1], [0, 1]])
    expect(first.runs.get('A again')!.map((r) => r.record)).toEqual(first.runs.get('A')!.map((r) => r.record))
    // Interrupted: one finished run is lost (never written); the rest resume from the cache.
    rmSync(join(cacheDir(), `${runKey(arms[1].config, 1, first.runs.get('A')![0].record.backend)}.json`))
    const second = await runArms('t', arms, [0, 1], { progress: quiet() })
    expect(second).toMatchObject({ trained: 1, cached: 3, total: 4 })
    expect(spy.mock.calls.at(-1)![1]).toEqual([1]) // only the uncached seed
    expect(second.runs.get('B')!.map((r) => r.record.history)).toEqual(first.runs.get('B')!.map((r) => r.record.history))
  })

  it('a seed-batched run is the run trained alone; configs that cannot batch train seed by seed', async () => {
    const trainSpy = vi.spyOn(trainer, 'train')
    const arms = [{ name: 'A', config: cfg() }, { name: 'D', config: cfg({ dynamicSampling: true }) }]
    const r = await runArms('b', arms, [0, 1], { progress: quiet() })
    expect(trainSpy.mock.calls.map((c) => [(c[0] as { dynamicSampling: boolean }).dynamicSampling, c[1].seed])).toEqual([[true, 0], [true, 1]])
    trainSpy.mockRestore()
    const alone = await trainer.train(cfg(), { seed: 1 })
    expect(r.runs.get('A')![1].record.history).toEqual(alone.history)
    expect(r.runs.get('A')![1].record.evals).toEqual(alone.evals)
  })

  it('a failing run is reported with arm, seed and step; the other runs still finish and are cached', async () => {
    const real = seeded.trainSeeds
    vi.spyOn(seeded, 'trainSeeds').mockImplementation(async (c, seeds, o) => {
      const results = await real(c, seeds, o)
      if ((c as { epsilonHigh: number | null }).epsilonHigh !== 0.28) return results
      return results.map((x) => (x.seed === 1 ? { seed: 1, ok: false, error: new trainer.NonFiniteLossError(7, Number.NaN), step: 7 } : x))
    })
    const r = await runArms('f', [{ name: 'A', config: cfg() }, { name: 'B', config: cfg({ epsilonHigh: 0.28 }) }], [0, 1], { progress: quiet() })
    expect(r.failures).toHaveLength(1)
    expect(r.failures[0].message).toMatch(/arm 'B', seed 1, step 7: loss became NaN at step 7/)
    expect(r.runs.get('B')!.map((x) => x.seed)).toEqual([0])
    expect(r.trained).toBe(3)
    expect(readdirSync(cacheDir())).toHaveLength(3)
  })

  it('a batch that cannot train at all fails every seed, naming each', async () => {
    vi.spyOn(seeded, 'trainSeeds').mockRejectedValue(new Error('reward build failed'))
    const r = await runArms('g', [{ name: 'A', config: cfg() }], [0, 1], { progress: quiet() })
    expect(r.failures.map((f) => f.message)).toEqual(["arm 'A', seed 0: reward build failed", "arm 'A', seed 1: reward build failed"])
    expect(r.trained).toBe(0)
  })
})

describe('progress', () => {
  it('prints runs done / total, the current arm, elapsed and time left', () => {
    const lines: string[] = []
    const p = new Progress({ write: (s: string) => lines.push(s), isTTY: false } as unknown as NodeJS.WriteStream, 0)
    p.update({ ablation: 'abl', done: 1, total: 4, current: { arm: 'B', seed: 2, step: 5, steps: 10 } }, true)
    expect(lines[0]).toMatch(/^\[rlvr\] abl: 1\/4 runs · B seed 2 step 5\/10 · \d+s elapsed/)
    p.finish({ ablation: 'abl', done: 4, total: 4 }, 3)
    expect(lines[1]).toMatch(/3 trained, 1 cached\n$/)
  })
  it('counts every run in flight (seeds trained together) toward the time left', () => {
    const s = { ablation: 'abl', done: 2, total: 10, current: { arm: 'A', seed: 0, step: 5, steps: 10 } }
    // 2.5 runs' work in 25 s: 7.5 runs left take 75 s; with 8 seeds half done, 6 runs' work in 25 s.
    expect(secondsLeft(s, 25)).toBeCloseTo(75)
    expect(secondsLeft({ ...s, inFlight: 8 * 0.5 }, 25)).toBeCloseTo((25 * 4) / 6)
  })
  it('takes the rate from the runs trained, not from those served from the cache', () => {
    // A later look: 112 runs re-served, 48 to train, 8 seeds a fifth of the way after 80 s.
    const s = { ablation: 'abl', done: 112, cached: 112, total: 160, inFlight: 8 * 0.2 }
    expect(secondsLeft(s, 80)).toBeCloseTo((80 * (48 - 1.6)) / 1.6)
    expect(secondsLeft({ ...s, inFlight: 0 }, 0)).toBeNaN() // nothing trained yet: no estimate
  })
})

describe('worker pool', () => {
  it('gives the same records as training in process', async () => {
    const arms = [{ name: 'A', config: cfg() }, { name: 'B', config: cfg({ epsilonHigh: 0.28 }) }]
    const inProcess = await runArms('p', arms, [0, 1], { progress: quiet(), workers: 1 })
    rmSync(dir, { recursive: true, force: true })
    const pooled = await runArms('p', arms, [0, 1], { progress: quiet(), workers: 2 })
    expect(pooled.trained).toBe(4)
    for (const a of ['A', 'B']) {
      expect(pooled.runs.get(a)!.map((r) => r.record.history)).toEqual(inProcess.runs.get(a)!.map((r) => r.record.history))
    }
  })
})
