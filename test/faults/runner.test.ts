// Fault injection, runner: an unwritable cache or report folder is said before anything trains; a
// cache that fails while runs finish loses none of them and counts each once; stale temp files go;
// a training process stops when its parent dies.
import { fork, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseConfig } from '../../src/engine/config.js'
import * as trainer from '../../src/engine/trainer.js'
import * as seeded from '../../src/engine/train-seeds.js'
import * as cache from '../../src/runner/cache.js'
import { trainUnit } from '../../src/runner/train-unit.js'
import { Progress } from '../../src/runner/progress.js'
import { runArms } from '../../src/runner/run-arms.js'
import { checkOutputFolders } from '../../src/dsl/folders.js'
import { useBackend } from '../setup-tf.js'
import { fixtureDirs, fixtureRoot, runFixture, vitestBin } from './fixture.js'

useBackend()

const tmp = mkdtempSync(join(tmpdir(), 'rlvr-faults-runner-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
let n = 0
beforeEach(() => { vi.stubEnv('RLVR_CACHE_DIR', join(tmp, `cache${n++}`)) })
afterEach(() => { vi.restoreAllMocks(); vi.unstubAllEnvs() })

/** A path that can never be a folder: its parent is a file (ENOTDIR, whoever runs the test). */
function underAFile(): string {
  const file = join(tmp, `file${n++}`)
  writeFileSync(file, '')
  return join(file, 'folder')
}

/** Progress that keeps its lines. */
function recording() {
  const lines: string[] = []
  const out = { write: (s: string) => { lines.push(s); return true }, isTTY: false } as unknown as NodeJS.WriteStream
  return { progress: new Progress(out, 0), lines }
}
const cfg = (over = {}) => parseConfig({ organism: 'toy-linear', steps: 2, promptsPerStep: 8, numGenerations: 4, miniBatches: 1, ...over })
// Over 48 features: not seed-batchable, so each seed trains alone through train().
const alone = (over = {}) => cfg({ organism: { kind: 'linear', features: 64 }, ...over })
const fakeRecord = (seed: number) => ({ engineVersion: 't', backend: 'wasm', seed, config: {} as never, stepSeconds: [], wallSeconds: 0, history: [{}], evals: [] }) as trainer.RunRecord

describe('an unwritable folder is said before anything trains', () => {
  it('run cache: names the folder and RLVR_CACHE_DIR; nothing trains', async () => {
    const dir = underAFile()
    vi.stubEnv('RLVR_CACHE_DIR', dir)
    const train = vi.spyOn(trainer, 'train'), batch = vi.spyOn(seeded, 'trainSeeds')
    const run = runArms('t', [{ name: 'A', config: cfg() }], [0, 1], { progress: recording().progress })
    await expect(run).rejects.toThrow(`the run cache folder ${resolve(dir, 'runs')} is not writable`)
    await expect(run).rejects.toThrow(/set RLVR_CACHE_DIR to a folder this user can write/)
    expect(train).not.toHaveBeenCalled()
    expect(batch).not.toHaveBeenCalled()
  })

  it('reports and baselines: name the folder and RLVR_REPORT_DIR / RLVR_BASELINE_DIR', () => {
    const ok = join(tmp, `ok${n++}`)
    expect(() => checkOutputFolders({ RLVR_REPORT_DIR: underAFile(), RLVR_BASELINE_DIR: ok })).toThrow(/the report folder .* is not writable .*set RLVR_REPORT_DIR/)
    vi.stubEnv('RLVR_BASELINE_DIR', underAFile())
    expect(() => checkOutputFolders({ RLVR_REPORT_DIR: ok })).toThrow(/the baseline folder .* is not writable .*set RLVR_BASELINE_DIR/)
    expect(() => checkOutputFolders({ RLVR_REPORT_DIR: ok, RLVR_BASELINES: 'off' })).not.toThrow()
  })

  it('end to end: every row is the error, no run trains (vitest CLI on test/fixtures/faults)', async () => {
    const dirs = fixtureDirs()
    try {
      const { code, out } = await runFixture('verdicts', { ...dirs, cache: underAFile() })
      expect(code, out).toBe(1)
      expect(out).toMatch(/Tests\s+3 failed \(3\)/)
      expect(out).toContain('faults fixture: 3 hypotheses — 0 supported, 0 refuted, 0 inconclusive, 3 errors · runs 0 trained, 0 cached')
      expect(out.match(/✖ error · [^\n]*: the run cache folder \S+ is not writable \([^)]*\): set RLVR_CACHE_DIR/g)).toHaveLength(3)
      expect(out).not.toMatch(/\[rlvr\] faults fixture: \d+\/\d+ runs/) // no progress: nothing started
    } finally { rmSync(dirs.tmp, { recursive: true, force: true }) }
  }, 330_000)
})

describe('a cache write that fails as runs finish', () => {
  it('keeps every finished run for the verdicts, says so once, and counts each run once (seeds trained alone)', async () => {
    vi.spyOn(trainer, 'train').mockImplementation(async (_c, o) => fakeRecord(o!.seed!))
    const write = vi.spyOn(cache, 'writeCachedRun').mockImplementation(() => { throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }) })
    const warnings: string[] = []
    const { progress, lines } = recording()
    const out = await runArms('t', [{ name: 'A', config: alone() }, { name: 'B', config: alone({ epsilonHigh: 0.28 }) }], [0, 1, 2], { progress, warn: (m) => warnings.push(m) })
    expect(write).toHaveBeenCalledTimes(6)
    expect(out).toMatchObject({ trained: 6, cached: 0, total: 6, failures: [] })
    expect(out.runs.get('A')!.map((r) => r.seed)).toEqual([0, 1, 2])
    expect(out.runs.get('B')!.map((r) => r.seed)).toEqual([0, 1, 2])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/the run cache .* is unwritable \(EACCES: permission denied\): finished runs are kept for this run's verdicts only .*set RLVR_CACHE_DIR/)
    expect(out.cacheError).toBe('EACCES: permission denied')
    const counts = lines.map((l) => /: (\d+)\/(\d+) runs/.exec(l)!).map((m) => [Number(m[1]), Number(m[2])])
    expect(counts.every(([done, total]) => done <= total)).toBe(true)
    expect(lines.at(-1)).toMatch(/: 6\/6 runs .* 6 trained, 0 cached/)
  })

  it('the same when the seeds train together (seed-batched linear runs, real training)', async () => {
    vi.spyOn(cache, 'writeCachedRun').mockImplementation(() => { throw new Error('EROFS: read-only file system') })
    const warnings: string[] = []
    const { progress, lines } = recording()
    const out = await runArms('t', [{ name: 'A', config: cfg() }], [0, 1], { progress, warn: (m) => warnings.push(m) })
    expect(out).toMatchObject({ trained: 2, total: 2, failures: [] })
    expect(out.runs.get('A')!.every((r) => r.record.evals.length > 0)).toBe(true)
    expect(warnings).toHaveLength(1)
    expect(lines.at(-1)).toMatch(/: 2\/2 runs .* 2 trained/)
  })

  it('the pool reports each seed once even when the callback throws (no second report as a failure)', async () => {
    vi.spyOn(trainer, 'train').mockImplementation(async (_c, o) => fakeRecord(o!.seed!))
    const done: [number, boolean][] = []
    const run = trainUnit(alone(), [0, 1], () => {}, (k, r) => { done.push([k, r.ok]); throw new Error('callback failed') })
    await expect(run).rejects.toThrow('callback failed')
    expect(done).toEqual([[0, true]])
  })
})

describe('temporary files and interrupts', () => {
  it('a stale cache temp file of a killed writer is removed when the next run trains', async () => {
    const dir = cache.cacheDir()
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'abc.json.999999999.x1y2.tmp'), '')
    await runArms('t', [{ name: 'A', config: cfg() }], [0, 1], { progress: recording().progress })
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
    expect(readdirSync(dir)).toHaveLength(2)
  })

  it('a forked child that trains stops when its parent is killed', async () => {
    // parent -> child (forked, IPC); the child watches its parent and spins as a training step does.
    const child = join(tmp, 'child.mjs'), parent = join(tmp, 'parent.mjs')
    const watch = resolve('src/runner/parent-watch.ts')
    writeFileSync(child, `import { watchParent, checkParent } from ${JSON.stringify(watch)}\nwatchParent()\nprocess.send('ready')\nfor (;;) checkParent()\n`)
    writeFileSync(parent, `import { fork } from 'node:child_process'\nconst c = fork(${JSON.stringify(child)}, { execArgv: ['--import', 'tsx'] })\nc.on('message', () => console.log(c.pid))\nsetInterval(() => {}, 1000)\n`)
    const p = spawn(process.execPath, [parent], { stdio: ['ignore', 'pipe', 'inherit'] })
    const childPid = await new Promise<number>((res) => p.stdout.once('data', (d) => res(Number(String(d).trim()))))
    expect(running(childPid)).toBe(true)
    p.kill('SIGKILL')
    expect(await gone(childPid, 30_000)).toBe(true)
  }, 90_000)

  it('killing the vitest main process alone stops its worker mid-ablation (vitest CLI on test/fixtures/faults)', async () => {
    const dirs = fixtureDirs()
    const pidFile = join(dirs.tmp, 'worker.pid')
    const v = spawn(process.execPath, [vitestBin, 'run', '--root', fixtureRoot, 'long'], {
      cwd: fixtureRoot, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, RLVR_CACHE_DIR: dirs.cache, RLVR_REPORT_DIR: dirs.reports, RLVR_BASELINE_DIR: dirs.baselines, RLVR_FAULT_PID_FILE: pidFile, CI: '1', RLVR_PROGRESS_MS: '0' },
    })
    try {
      // Wait until the worker trains (its progress lines arrive), then kill the main process only.
      await new Promise<void>((res, rej) => {
        const t = setTimeout(() => rej(new Error('the fixture never started training')), 200_000)
        const on = (d: Buffer) => { if (String(d).includes('interrupt fixture: 0/2 runs · verifier seed')) { clearTimeout(t); res() } }
        v.stdout.on('data', on); v.stderr.on('data', on)
      })
      const worker = Number(readFileSync(pidFile, 'utf8'))
      expect(worker).not.toBe(v.pid)
      expect(running(worker)).toBe(true)
      v.kill('SIGKILL')
      expect(await gone(worker, 30_000)).toBe(true)
    } finally {
      v.kill('SIGKILL')
      rmSync(dirs.tmp, { recursive: true, force: true })
    }
  }, 260_000)
})

/** Alive and not a zombie (a container's init may not reap orphans). */
function running(pid: number): boolean {
  try { process.kill(pid, 0) } catch { return false }
  try { return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8')) } catch { return existsSync(`/proc/${pid}`) }
}

async function gone(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (!running(pid)) return true
  return !running(pid)
}
