// Fault cases of the run cache and the published run store: tampered, invalid and unreadable
// records are named with their run and retrained; a read-only cache says so; the store verifies
// every record; a spot check that does not reproduce fails naming the run; publishing refuses
// records of another ENGINE_VERSION.
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseConfig } from '../../src/engine/config.js'
import { ENGINE_VERSION, type RunRecord } from '../../src/engine/trainer.js'
import { CacheWriteError, cacheDir, readCacheEntry, runKey, writeCachedRun } from '../../src/runner/cache.js'
import { publishRuns, PublishError } from '../../src/runner/publish.js'
import { compress, publishedIndex, readPublishedRun, recordPath, resetPublishedIndex } from '../../src/runner/published.js'
import { recordHash } from '../../src/runner/record-schema.js'
import { runArms } from '../../src/runner/run-arms.js'
import { forgetSpotChecks, SpotCheckError } from '../../src/runner/run-source.js'
import { isSpotChecked, spotCheckPlan } from '../../src/runner/spot-check.js'
import { Progress } from '../../src/runner/progress.js'
import { sha256 } from '../../src/util/hash.js'
import { useBackend } from '../setup-tf.js'

useBackend()

const root = mkdtempSync(join(tmpdir(), 'rlvr-faults-cache-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0
let dirs: { cache: string; store: string; reports: string }
let warnings: string[]
beforeEach(() => {
  const base = join(root, `t${++n}`)
  dirs = { cache: join(base, 'cache'), store: join(base, 'store'), reports: join(base, 'reports') }
  process.env.RLVR_CACHE_DIR = dirs.cache
  process.env.RLVR_PUBLISHED_DIR = dirs.store
  process.env.RLVR_SPOT_CHECK = '0'
  resetPublishedIndex()
  forgetSpotChecks()
  warnings = []
  const write = process.stderr.write.bind(process.stderr)
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const s = String(chunk)
    if (s.startsWith('[rlvr] ')) { warnings.push(s); return true }
    return write(chunk, ...(rest as []))
  })
})
afterEach(() => { vi.restoreAllMocks() })

const quiet = () => new Progress({ write: () => true, isTTY: false } as unknown as NodeJS.WriteStream, 1e9)
const cfg = (over = {}) => parseConfig({ organism: 'toy-linear', steps: 3, promptsPerStep: 8, numGenerations: 4, miniBatches: 2, ...over })
const ARMS = [{ name: 'standard', config: cfg() }, { name: 'clip-higher', config: cfg({ epsilonHigh: 0.28 }) }]
const run = (ablation = 'faults') => runArms(ablation, ARMS, [0, 1], { progress: quiet() })
const entryPath = (key: string) => join(cacheDir(), `${key}.json`)
const keyOf = (arm: number, seed: number, rec: RunRecord) => runKey(ARMS[arm].config, seed, rec.backend)

/** Rewrite a cache entry's record; `rehash` keeps its hash consistent (an edit by someone who knows the format). */
function editEntry(key: string, edit: (r: RunRecord) => void, rehash = false): void {
  const entry = JSON.parse(readFileSync(entryPath(key), 'utf8')) as { key: string; hash: string; record: RunRecord }
  edit(entry.record)
  if (rehash) entry.hash = recordHash(entry.record)
  writeFileSync(entryPath(key), JSON.stringify(entry))
}

/** A JSON report listing the runs, as the reporter writes it, then publish. */
function publish(list: { arm: string; seed: number; key: string }[], engineVersion = ENGINE_VERSION) {
  mkdirSync(dirs.reports, { recursive: true })
  writeFileSync(join(dirs.reports, 'faults.json'), JSON.stringify({ ablation: 'faults', engineVersion, backend: 'wasm', runs: { trained: 0, cached: 0, total: list.length, list }, hypotheses: [] }))
  return publishRuns({ reportDir: dirs.reports })
}

describe('local run cache', () => {
  it('a record edited in place (a number changed, hash kept) is detected, named with its run, and retrained', async () => {
    const first = await run()
    const rec = first.runs.get('standard')![1].record
    const key = keyOf(0, 1, rec)
    editEntry(key, (r) => { r.evals.at(-1)!.metrics['eval/accuracy'] = 0.999 })
    const second = await run()
    expect(second).toMatchObject({ trained: 1, cached: 3 })
    expect(warnings.join('')).toMatch(/does not match its content hash.*ablation 'faults', arm 'standard', seed 1 is not used and trains again/)
    expect(second.runs.get('standard')![1].record.evals).toEqual(rec.evals) // the retrained value, not 0.999
    expect(readCacheEntry(key)).toMatchObject({ status: 'hit' }) // rewritten
  })

  it('an invalid record (evals: []) is named and retrained, even with a matching hash', async () => {
    const first = await run()
    const key = keyOf(1, 0, first.runs.get('clip-higher')![0].record)
    editEntry(key, (r) => { r.evals = [] }, true)
    expect(readCacheEntry(key)).toMatchObject({ status: 'bad', problem: expect.stringContaining('evals: has no evaluation') })
    const second = await run()
    expect(second).toMatchObject({ trained: 1, cached: 3 })
    expect(warnings.join('')).toMatch(/is not a valid run record: evals: has no evaluation.*arm 'clip-higher', seed 0 is not used and trains again/)
    editEntry(key, (r) => { r.history.pop() }, true)
    expect(readCacheEntry(key)).toMatchObject({ status: 'bad', problem: expect.stringContaining('history: has 2 steps, the config trains 3') })
  })

  it('entries written before records carried a hash are retrained, said once for the ablation', async () => {
    const first = await run()
    for (const f of readdirSync(cacheDir())) {
      const e = JSON.parse(readFileSync(join(cacheDir(), f), 'utf8'))
      delete e.hash
      writeFileSync(join(cacheDir(), f), JSON.stringify(e))
    }
    const second = await run()
    expect(second).toMatchObject({ trained: 4, cached: 0 })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain("4 run cache entries of ablation 'faults' (arms 'standard', 'clip-higher') carry no content hash")
    expect(second.runs.get('standard')!.map((r) => r.record.history)).toEqual(first.runs.get('standard')!.map((r) => r.record.history))
  })

  it('a read-only cache with a bad entry says so plainly (no ENOTDIR), and reading never deletes', async () => {
    const first = await run()
    const key = keyOf(0, 0, first.runs.get('standard')![0].record)
    writeFileSync(entryPath(key), '{"key": "') // truncated
    const dir = cacheDir()
    const readOnly = makeReadOnly(dir)
    try {
      expect(readCacheEntry(key)).toMatchObject({ status: 'bad', problem: expect.stringContaining('does not parse') })
      expect(existsSync(entryPath(key))).toBe(true)
      const rec = first.runs.get('standard')![0].record
      let err: unknown
      try { writeCachedRun(key, rec) } catch (e) { err = e }
      expect(err).toBeInstanceOf(CacheWriteError)
      expect((err as Error).message).toMatch(new RegExp(`cannot write to the run cache ${dir}: it is read-only for this user \\((EACCES|EPERM|EROFS)\\); set RLVR_CACHE_DIR`))
      const { RunSource } = await import('../../src/runner/run-source.js')
      const said: string[] = []
      new RunSource('faults', (m) => said.push(m)).read(key, { arm: 'standard', seed: 0, config: ARMS[0].config })
      expect(said.join('')).toMatch(/does not parse as JSON.*arm 'standard', seed 0 is not used and trains again \(the cache is read-only/)
    } finally { readOnly.undo() }
    // A cache folder under a file: the ENOTDIR of before, said plainly.
    writeFileSync(join(root, 'a-file'), '')
    expect(() => writeCachedRun(key, first.runs.get('standard')![0].record, join(root, 'a-file', 'runs'))).toThrow(/a part of that path is a file, not a folder \(ENOTDIR\)/)
  })
})

/** A folder this process cannot write: chmod for a normal user, the immutable flag for root. */
function makeReadOnly(dir: string): { undo: () => void } {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555)
    return { undo: () => chmodSync(dir, 0o755) }
  }
  execFileSync('chattr', ['+i', dir]) // root ignores permission bits
  return { undo: () => execFileSync('chattr', ['-i', dir]) }
}

describe('published run store', () => {
  it('serves published runs under an empty local cache, verified; spot checks re-train them and find them equal', async () => {
    const first = await run()
    const s = publish(first.list!)
    expect(s).toMatchObject({ ablations: [{ slug: 'faults', ablation: 'faults', runs: 4 }], written: 4, removed: 0 })
    rmSync(dirs.cache, { recursive: true })
    const served = await run()
    expect(served).toMatchObject({ trained: 0, cached: 0, published: 4, spotChecked: 0, total: 4 })
    for (const a of ARMS) {
      expect(served.runs.get(a.name)!.map((r) => r.record.history)).toEqual(first.runs.get(a.name)!.map((r) => r.record.history))
      expect(served.runs.get(a.name)!.map((r) => r.record.evals)).toEqual(first.runs.get(a.name)!.map((r) => r.record.evals))
      // The CPU time each run cost is kept in the store (the headline's cost is summed from it).
      const cpu = first.runs.get(a.name)!.map((r) => r.record.cpuSeconds!)
      expect(cpu.every((c) => c > 0)).toBe(true)
      expect(served.runs.get(a.name)!.map((r) => r.record.cpuSeconds)).toEqual(cpu)
    }
    process.env.RLVR_SPOT_CHECK = 'all'
    const checked = await run()
    expect(checked).toMatchObject({ trained: 4, spotChecked: 4, published: 0 })
    // A run that reproduced is served, and cached, as its published record: its CPU seconds are the
    // published ones, not the re-training's, so figures summed from records do not move with checks.
    for (const a of ARMS) {
      const cpu = first.runs.get(a.name)!.map((r) => r.record.cpuSeconds)
      expect(checked.runs.get(a.name)!.map((r) => r.record.cpuSeconds)).toEqual(cpu)
      for (const r of first.runs.get(a.name)!) {
        const entry = readCacheEntry(keyOf(ARMS.indexOf(a), r.seed, r.record))
        expect(entry.status === 'hit' && entry.record.cpuSeconds).toBe(r.record.cpuSeconds)
      }
    }
    expect(checked.list!.map((x) => x.cpuSeconds)).toEqual(first.list!.map((x) => x.cpuSeconds))
    // Published again: content-addressed, nothing new to write.
    expect(publish(first.list!)).toMatchObject({ written: 0, kept: 4 })
  })

  it('a published record whose content does not match its hash is named and retrained', async () => {
    const first = await run()
    publish(first.list!)
    rmSync(dirs.cache, { recursive: true })
    const victim = publishedIndex().get(first.list![2].key)!
    const text = brotliDecompressSync(readFileSync(recordPath(victim.hash))).toString().replace(/"eval\/accuracy":[0-9.e-]+/, '"eval/accuracy":0.999')
    writeFileSync(recordPath(victim.hash), compress(text))
    expect(readPublishedRun(victim.key)).toMatchObject({ status: 'bad', problem: expect.stringContaining('does not match its content hash') })
    const r = await run()
    expect(r).toMatchObject({ trained: 1, published: 3 })
    expect(warnings.join('')).toMatch(new RegExp(`published record .*${victim.hash}.json.br does not match its content hash.*arm '${victim.arm}', seed ${victim.seed} is not used and trains again`))
  })

  it('a spot check that does not reproduce its published record fails the ablation, naming the run and the first difference', async () => {
    const first = await run()
    const key = first.list!.find((x) => x.arm === 'clip-higher' && x.seed === 1)!.key
    editEntry(key, (r) => { r.history[1]['loss/policy'] += 1e-6 }, true) // published from a "different engine"
    publish(first.list!)
    rmSync(dirs.cache, { recursive: true })
    process.env.RLVR_SPOT_CHECK = 'all'
    const err = await run().catch((e) => e)
    expect(err).toBeInstanceOf(SpotCheckError)
    expect(err.message).toMatch(/1 published run\(s\) do not reproduce/)
    expect(err.message).toMatch(/ablation 'faults', arm 'clip-higher', seed 1 \(run key [0-9a-f]{12}\): re-trained, it differs from its published record at history step 2, loss\/policy: published .*, now .*bump ENGINE_VERSION/)
    // The local cache now holds the re-trained record: it still disagrees with the published one, every run.
    process.env.RLVR_SPOT_CHECK = '0'
    const again = await run().catch((e) => e)
    expect(again).toBeInstanceOf(SpotCheckError)
    expect(again.message).toMatch(/arm 'clip-higher', seed 1 .*the local run cache's record differs from the published one at history step 2, loss\/policy/)
  })

  it('publish refuses a report or a record of another ENGINE_VERSION, and runs missing from the cache; nothing is written', async () => {
    const first = await run()
    expect(() => publish(first.list!, '0.0.1')).toThrow(PublishError)
    expect(() => publish(first.list!, '0.0.1')).toThrow(new RegExp(`computed by engine 0.0.1; this is engine ${ENGINE_VERSION.replace(/\./g, '\\.')}: re-run its file`))
    const key = first.list![0].key
    editEntry(key, (r) => { r.engineVersion = '0.0.1' }, true)
    expect(() => publish(first.list!)).toThrow(/'faults', arm 'standard', seed 0: cache entry .* is a record of engine 0\.0\.1/)
    rmSync(entryPath(first.list![1].key))
    expect(() => publish(first.list!)).toThrow(/arm 'standard', seed 1: run [0-9a-f]{12} is not in the run cache/)
    expect(existsSync(dirs.store)).toBe(false)
  })
})

describe('spot-check sample', () => {
  it('RLVR_SPOT_CHECK: n runs of the whole store, the same sample for the same salt; all; 0; a bad value is named', async () => {
    const first = await run()
    publish(first.list!)
    const keys = first.list!.map((r) => r.key)
    process.env.RLVR_SPOT_CHECK_SALT = 'a'
    const pick = (plan: number | 'all') => keys.filter((k) => isSpotChecked(k, plan))
    expect(pick(2)).toHaveLength(2)
    expect(pick(2)).toEqual(pick(2))
    expect(pick(0)).toEqual([])
    expect(pick('all')).toEqual(keys)
    expect(pick(9)).toEqual(keys)
    const salts = new Set(['b', 'c', 'd', 'e', 'f', 'g'].map((s) => { process.env.RLVR_SPOT_CHECK_SALT = s; return pick(1)[0] }))
    expect(salts.size).toBeGreaterThan(1) // the salt moves the sample
    expect(spotCheckPlan('')).toBe(3) // unset
    expect(spotCheckPlan('all')).toBe('all')
    expect(() => spotCheckPlan('some')).toThrow("RLVR_SPOT_CHECK='some' is not a number of runs or 'all'")
    expect(sha256('x')).toHaveLength(64)
  })

  it("draws only runs the suite reads: a script's manifest (suite: false, the pilots) is left out of the sample", async () => {
    const first = await run()
    const ablationRuns = first.list!.filter((r) => r.arm === 'standard')
    const scriptRuns = first.list!.filter((r) => r.arm === 'clip-higher')
    mkdirSync(dirs.reports, { recursive: true })
    const report = (ablation: string, list: typeof ablationRuns, extra = {}) =>
      JSON.stringify({ ablation, engineVersion: ENGINE_VERSION, backend: 'wasm', ...extra, runs: { trained: 0, cached: 0, total: list.length, list }, hypotheses: [] })
    writeFileSync(join(dirs.reports, 'faults.json'), report('faults', ablationRuns))
    writeFileSync(join(dirs.reports, 'pilot.json'), report('pilot', scriptRuns, { suite: false }))
    publishRuns({ reportDir: dirs.reports })
    expect(JSON.parse(readFileSync(join(dirs.store, 'pilot.json'), 'utf8')).suite).toBe(false)
    expect(JSON.parse(readFileSync(join(dirs.store, 'faults.json'), 'utf8'))).not.toHaveProperty('suite')
    process.env.RLVR_SPOT_CHECK_SALT = 'a'
    const keys = first.list!.map((r) => r.key)
    // Two runs are drawn, both of the suite's: never a script's run, however large n is.
    expect(keys.filter((k) => isSpotChecked(k, 2))).toEqual(ablationRuns.map((r) => r.key))
    expect(keys.filter((k) => isSpotChecked(k, 9))).toEqual(ablationRuns.map((r) => r.key))
    // The script's runs are still published and served.
    expect(readPublishedRun(scriptRuns[0].key)).toMatchObject({ status: 'hit' })
  })
})
