// The hypothesis reporter: pure renderers (inline snapshots, plain text), colour, the JSON writer,
// result collection, and end to end inside vitest (programmatic, and by path from the CLI).

import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { promisify, stripVTControlCharacters } from 'node:util'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createVitest, type TestModule } from 'vitest/node'
import { collectResults, type TestCaseLike, type TestModuleLike } from '../src/report/collect.js'
import { detectColorLevel } from '../src/report/color.js'
import {
  formatDuration,
  formatInterval,
  formatNumber,
  formatP,
  formatSeedRanges,
  formatSigned,
  wrapText,
} from '../src/report/format.js'
import HypothesisReporterDefault, { HypothesisReporter } from '../src/report/hypothesis-reporter.js'
import { buildAblationReport, slugify, writeAblationReports, writeFileAtomic } from '../src/report/json-report.js'
import {
  groupByAblation,
  renderAblationTable,
  renderFootnotes,
  renderGrandTotal,
  renderReport,
  renderSummary,
  renderTitle,
  tableRow,
  type AblationGroup,
} from '../src/report/render.js'
import type { HypothesisResult } from '../src/report/types.js'
import {
  allResults,
  inconclusive,
  knownRefutation,
  oneArmIncrease,
  refuted,
  supported,
} from './fixtures/report/results.js'

const here = dirname(fileURLToPath(import.meta.url))
const fixtureProject = join(here, 'fixtures/report/project')
const reporterPath = resolve(here, '../src/report/hypothesis-reporter.ts')
const ANSI = /\x1b\[/

const plain = { color: false, timings: false } as const
const clip = [supported, refuted, inconclusive]
const spurious = [knownRefutation, oneArmIncrease]

let tmp: string
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'rlvr-report-'))
})
afterEach(async () => {
  vi.unstubAllEnvs()
  await rm(tmp, { recursive: true, force: true })
})

describe('number formatting', () => {
  it('uses 3 significant digits without exponents for ordinary values', () => {
    expect(formatNumber(0.81234)).toBe('0.812')
    expect(formatNumber(12345)).toBe('12300')
    expect(formatNumber(-0.1381)).toBe('-0.138')
    expect(formatNumber(0.30000000000000004)).toBe('0.3')
    expect(formatNumber(0.000123456)).toBe('0.000123')
    expect(formatNumber(1.5e-9)).toBe('1.5e-9')
    expect(formatNumber(0)).toBe('0')
    expect(formatNumber(NaN)).toBe('n/a')
    expect(formatNumber(null)).toBe('-')
    expect(formatSigned(0.11)).toBe('+0.11')
    expect(formatSigned(-0.11)).toBe('-0.11')
    expect(formatInterval({ lo: 0.0795, hi: 0.1405 })).toBe('[0.0795, 0.141]')
  })

  it('prints p-values as 0.003 or <0.001', () => {
    expect(formatP(0.00312)).toBe('0.003')
    expect(formatP(0.0456)).toBe('0.046')
    expect(formatP(0.00099)).toBe('<0.001')
    expect(formatP(0)).toBe('<0.001')
    expect(formatP(1)).toBe('1.000')
    expect(formatP(NaN)).toBe('n/a')
  })

  it('formats durations, seed ranges and wraps text', () => {
    expect(formatDuration(850)).toBe('850ms')
    expect(formatDuration(2310)).toBe('2.31s')
    expect(formatDuration(83_400)).toBe('1m 23s')
    expect(formatDuration(3_725_000)).toBe('1h 02m')
    expect(formatSeedRanges([3, 0, 1, 2, 7, 9, 10])).toBe('0-3, 7, 9-10')
    expect(wrapText('raising the upper clip bound speeds up learning', 20)).toBe(
      'raising the upper\nclip bound speeds up\nlearning',
    )
  })
})

describe('plain-text rendering (snapshots, timings masked)', () => {
  it('groups by ablation in order of appearance', () => {
    const groups = groupByAblation(allResults)
    expect(groups.map((g) => g.ablation)).toEqual(['Clip-higher (DAPO)', 'Spurious rewards: random reward'])
    expect(groups[0].results).toEqual(clip)
    expect(groups[1].results).toEqual(spurious)
  })

  it('title line', () => {
    expect(renderTitle(clip, plain)).toMatchInlineSnapshot(`"Ablation: Clip-higher (DAPO)  organism toy-linear · backend wasm · seeds 0-4 (n=5)"`)
    expect(renderTitle(spurious, plain)).toMatchInlineSnapshot(`"Ablation: Spurious rewards: random reward  organism toy-linear · backend cpu · seeds 0-5 (n=6)"`)
  })

  it('table: supported, refuted, inconclusive', () => {
    expect(renderAblationTable(clip, plain)).toMatchInlineSnapshot(`
      "┌──────────────────────────────┬────────────────────┬────────────────┬────────────────┬──────────────────┬───────────────┬────────────┬────────┬───┬──────────────┐
      │ hypothesis                   │ metric             │ arm A          │ arm B          │ difference       │ Hedges' g     │ P(improv.) │ p adj  │ n │ verdict      │
      │                              │ comparison         │ mean           │ mean           │ [90% CI]         │ [95% CI]      │            │        │   │              │
      │                              │                    │ [95% CI]       │ [95% CI]       │                  │               │            │        │   │              │
      ├──────────────────────────────┼────────────────────┼────────────────┼────────────────┼──────────────────┼───────────────┼────────────┼────────┼───┼──────────────┤
      │ raising the upper clip bound │ accuracy (final)   │ eps_high=0.28  │ eps_high=0.2   │ +0.11            │ +4.21         │ 1          │ <0.001 │ 5 │ supported    │
      │ increases final accuracy     │ greater            │ 0.822          │ 0.712          │ [0.0795, 0.141]  │ [1.98, 6.44]  │            │        │   │              │
      │                              │                    │ [0.792, 0.852] │ [0.688, 0.736] │                  │               │            │        │   │              │
      ├──────────────────────────────┼────────────────────┼────────────────┼────────────────┼──────────────────┼───────────────┼────────────┼────────┼───┼──────────────┤
      │ raising the upper clip bound │ entropy (mean over │ eps_high=0.28  │ eps_high=0.2   │ -0.138           │ -7.85         │ 0          │ 1.000  │ 5 │ refuted      │
      │ keeps policy entropy higher  │ steps)             │ 0.39           │ 0.528          │ [-0.162, -0.114] │ [-11.2, -4.5] │            │        │   │              │
      │                              │ greater            │ [0.37, 0.41]   │ [0.504, 0.552] │                  │               │            │        │   │              │
      ├──────────────────────────────┼────────────────────┼────────────────┼────────────────┼──────────────────┼───────────────┼────────────┼────────┼───┼──────────────┤
      │ raising the upper clip bound │ steps to 60%       │ eps_high=0.28  │ eps_high=0.2   │ -1.6             │ -0.311        │ 0.6        │ 0.575  │ 5 │ inconclusive │
      │ speeds up learning           │ accuracy           │ 27.4           │ 29             │ [-8.31, 5.11]    │ [-1.55, 0.93] │            │        │   │              │
      │                              │ less               │ [21, 33.8]     │ [25.1, 32.9]   │                  │               │            │        │   │              │
      └──────────────────────────────┴────────────────────┴────────────────┴────────────────┴──────────────────┴───────────────┴────────────┴────────┴───┴──────────────┘"
    `)
  })

  it('table: known refutation (a claim) and a one-arm increase', () => {
    expect(renderAblationTable(spurious, plain)).toMatchInlineSnapshot(`
      "┌───────────────────────────────┬───────────────────┬────────────────┬────────────────┬─────────────────┬────────────────┬────────────┬────────┬───┬────────────┐
      │ hypothesis                    │ metric            │ arm A          │ arm B          │ difference      │ Hedges' g      │ P(improv.) │ p adj  │ n │ verdict    │
      │                               │ comparison        │ mean           │ mean           │ [90% CI]        │ [95% CI]       │            │        │   │            │
      │                               │                   │ [95% CI]       │ [95% CI]       │                 │                │            │        │   │            │
      ├───────────────────────────────┼───────────────────┼────────────────┼────────────────┼─────────────────┼────────────────┼────────────┼────────┼───┼────────────┤
      │ [claim] a random reward       │ accuracy (final)  │ random         │ true           │ -0.48           │ -24.1          │ 0          │ 1.000  │ 6 │ refuted    │
      │ improves accuracy as much as  │ equivalent        │ 0.335          │ 0.825          │ [-0.5, -0.46]   │ [-33.9, -14.3] │            │        │   │ (expected) │
      │ the true reward               │                   │ [0.315, 0.355] │ [0.805, 0.845] │                 │                │            │        │   │            │
      ├───────────────────────────────┼───────────────────┼────────────────┼────────────────┼─────────────────┼────────────────┼────────────┼────────┼───┼────────────┤
      │ a random reward increases the │ mode_rate/code    │ random         │ -              │ +0.143          │ +1.52          │ 0.972      │ <0.001 │ 6 │ supported  │
      │ code-mode rate                │ (final - initial) │ 0.43           │                │ [0.0842, 0.202] │ [0.353, 2.69]  │            │        │   │            │
      │                               │ increase          │ [0.378, 0.482] │                │                 │                │            │        │   │            │
      └───────────────────────────────┴───────────────────┴────────────────┴────────────────┴─────────────────┴────────────────┴────────────┴────────┴───┴────────────┘"
    `)
  })

  it('footnotes for inconclusive rows only', () => {
    expect(renderFootnotes(clip, plain)).toMatchInlineSnapshot(`"  * raising the upper clip bound speeds up learning: inconclusive; ~83 seeds per arm would give 80% power at the observed effect"`)
    expect(renderFootnotes(spurious, plain)).toBeNull()
    expect(renderFootnotes([{ ...inconclusive, seedsFor80Power: null }], plain)).toMatchInlineSnapshot(`"  * raising the upper clip bound speeds up learning: inconclusive; no seed count for 80% power could be estimated (observed effect zero or undefined, or an equivalence or crossover test)"`)
    const hinted = { ...inconclusive, power: { test: 't' as const, effect: 0.4, against: false, familySize: 3, alpha: { worst: 0.05 / 3, best: 0.05 }, seeds: { worst: 52, best: 40 } } }
    expect(renderFootnotes([hinted], plain)).toContain("~52 seeds per arm would give 80% power at the observed effect at Holm's worst-case alpha 0.0167 (= 0.05/3); ~40 if it is tested last, at alpha 0.05")
    const against = { ...hinted, seedsFor80Power: null, power: { ...hinted.power, effect: -0.2, against: true, seeds: { worst: null, best: null } } }
    expect(renderFootnotes([against], plain)).toContain('the observed effect runs against the claim (d = -0.2 in the claimed direction)')
  })

  it('summary lines and grand total', () => {
    expect(renderSummary(clip, plain)).toMatchInlineSnapshot(`"Clip-higher (DAPO): 3 hypotheses — 1 supported, 1 refuted, 1 inconclusive · runs 10 trained, 0 cached · wall time (masked)"`)
    expect(renderSummary(spurious, plain)).toMatchInlineSnapshot(`"Spurious rewards: random reward: 2 hypotheses — 1 supported, 1 refuted (1 expected), 0 inconclusive · runs 6 trained, 6 cached · wall time (masked)"`)
    expect(renderGrandTotal(groupByAblation(allResults), plain)).toMatchInlineSnapshot(`"Total: 2 ablations, 5 hypotheses — 2 supported, 2 refuted (1 expected), 1 inconclusive · runs 16 trained, 6 cached · wall time (masked)"`)
  })

  it('summary with timings shown', () => {
    expect(renderSummary(clip, { color: false, wallTimeMs: 83_400 })).toContain('wall time 1m 23s')
    expect(renderSummary(clip, { color: false })).not.toContain('wall time')
    const groups: AblationGroup[] = [
      { ablation: 'a', results: [supported], wallTimeMs: 1000 },
      { ablation: 'b', results: [knownRefutation], wallTimeMs: 1500 },
    ]
    expect(renderGrandTotal(groups, { color: false })).toContain('wall time 2.50s')
  })

  it('runs: per ablation the max over its hypotheses, summed over ablations', () => {
    const rs = [
      { ...supported, runs: { trained: 4, cached: 0, total: 4 } },
      { ...refuted, runs: { trained: 10, cached: 2, total: 12 } },
    ]
    expect(renderSummary(rs, plain)).toContain('runs 10 trained, 2 cached')
    expect(renderGrandTotal(groupByAblation([...rs, ...spurious]), plain)).toContain('runs 16 trained, 8 cached')
  })

  it('names the difference interval level in the head when shared, else in each cell; "-" where a figure is absent', () => {
    expect(renderAblationTable(clip, plain)).toContain('[90% CI]')
    const mixed = [supported, { ...refuted, difference: { ...refuted.difference!, level: 0.95 } }]
    const table = renderAblationTable(mixed, plain)
    expect(table).not.toContain('[90% CI]')
    expect(table).toContain('90% [0.0795, 0.141]')
    expect(table).toContain('95% [-0.162, -0.114]')
    const bare: HypothesisResult = { ...oneArmIncrease, difference: null, hedgesG: null, probabilityOfImprovement: null }
    expect(tableRow(bare, plain).slice(3, 7)).toEqual(['-', '-', '-', '-'])
  })

  it('flags a verdict other than the expected one', () => {
    const surprise: HypothesisResult = { ...knownRefutation, verdict: 'supported' }
    expect(tableRow(surprise, plain).at(-1)).toBe('supported\n(expected refuted)')
    expect(renderSummary([surprise], plain)).toContain('1 not as expected')
  })
})

describe('colour', () => {
  it('colour mode has ANSI codes, plain mode none, and they differ only by them', () => {
    for (const rs of [clip, spurious]) {
      const coloured = renderAblationTable(rs, { color: true })
      const text = renderAblationTable(rs, { color: false })
      expect(coloured).toMatch(ANSI)
      expect(text).not.toMatch(ANSI)
      expect(stripVTControlCharacters(coloured)).toBe(text)
    }
    const groups = groupByAblation(allResults)
    expect(renderReport(groups, { color: true })).toMatch(ANSI)
    expect(renderReport(groups, { color: false })).not.toMatch(ANSI)
  })

  it('verdicts: supported green, refuted red, inconclusive yellow, known refutation neutral', () => {
    const table = renderAblationTable(allResults, { color: true })
    expect(table).toContain('\x1b[32msupported\x1b[39m')
    expect(table).toContain('\x1b[31mrefuted\x1b[39m')
    expect(table).toContain('\x1b[33minconclusive\x1b[39m')
    expect(table).toContain('\x1b[36mrefuted\x1b[39m') // cyan, over "(expected)"
    expect(table).not.toContain('\x1b[31mrefuted\x1b[39m\x1b[31m')
  })

  it('detection: chalk level on a TTY; none for NO_COLOR, CI or a pipe unless FORCE_COLOR', () => {
    expect(detectColorLevel({ env: {}, isTTY: true, detectedLevel: 2 })).toBe(2)
    expect(detectColorLevel({ env: {}, isTTY: false, detectedLevel: 2 })).toBe(0)
    expect(detectColorLevel({ env: { NO_COLOR: '1' }, isTTY: true, detectedLevel: 2 })).toBe(0)
    expect(detectColorLevel({ env: { NO_COLOR: '' }, isTTY: true, detectedLevel: 2 })).toBe(2)
    expect(detectColorLevel({ env: { CI: 'true' }, isTTY: true, detectedLevel: 3 })).toBe(0)
    expect(detectColorLevel({ env: { CI: 'true', FORCE_COLOR: '1' }, isTTY: false, detectedLevel: 0 })).toBe(1)
    expect(detectColorLevel({ env: { FORCE_COLOR: '3' }, isTTY: false, detectedLevel: 3 })).toBe(3)
    expect(detectColorLevel({ env: { FORCE_COLOR: '0' }, isTTY: true, detectedLevel: 3 })).toBe(0)
  })
})

describe('JSON report', () => {
  it('slugs ablation names', () => {
    expect(slugify('Clip-higher (DAPO)')).toBe('clip-higher-dapo')
    expect(slugify('Spurious rewards: random reward')).toBe('spurious-rewards-random-reward')
    expect(slugify('Clip ε-high ≥ 0.28')).toBe('clip-high-0-28')
    expect(slugify('ε')).toBe('ablation')
  })

  it('writes one file per ablation with every field, atomically, creating the directory', async () => {
    const dir = join(tmp, 'nested', 'reports')
    const groups = groupByAblation(allResults)
    groups[0].wallTimeMs = 1234.4
    const now = new Date('2025-01-02T03:04:05.000Z')
    const paths = await writeAblationReports(groups, dir, { now })

    expect(paths).toEqual([join(dir, 'clip-higher-dapo.json'), join(dir, 'spurious-rewards-random-reward.json')])
    expect((await readdir(dir)).sort()).toEqual(['clip-higher-dapo.json', 'spurious-rewards-random-reward.json'])

    const clipJson = JSON.parse(await readFile(paths[0], 'utf8'))
    expect(clipJson).toEqual({
      ablation: 'Clip-higher (DAPO)',
      generatedAt: '2025-01-02T03:04:05.000Z',
      organism: 'toy-linear',
      backend: 'wasm',
      engineVersion: '0.1.0',
      runs: { trained: 10, cached: 0, total: 10 },
      wallTimeMs: 1234,
      hypotheses: clip,
    })
    // Per-seed values and curves are there.
    expect(clipJson.hypotheses[0].arms[0].values).toEqual([0.82, 0.79, 0.85, 0.81, 0.84])
    expect(clipJson.hypotheses[0].arms[0].curve.mean).toEqual([0.31, 0.62, 0.822])

    const spuriousJson = JSON.parse(await readFile(paths[1], 'utf8'))
    expect(spuriousJson).toEqual(JSON.parse(JSON.stringify(buildAblationReport(groups[1], now))))
    expect(spuriousJson.wallTimeMs).toBeNull()
    expect(spuriousJson.runs).toEqual({ trained: 6, cached: 6, total: 12 })

    // Every figure on screen comes from the JSON: the table drawn from the file is the same.
    expect(renderAblationTable(clipJson.hypotheses, plain)).toBe(renderAblationTable(clip, plain))
    expect(renderAblationTable(spuriousJson.hypotheses, plain)).toBe(renderAblationTable(spurious, plain))
  })

  it('overwrites in place and leaves no temp file, also when the rename fails', async () => {
    const target = join(tmp, 'x.json')
    await writeFileAtomic(target, '{"a":1}')
    await writeFileAtomic(target, '{"a":2}')
    expect(await readFile(target, 'utf8')).toBe('{"a":2}')
    expect(await readdir(tmp)).toEqual(['x.json'])

    const blocked = join(tmp, 'blocked.json')
    await mkdir(blocked) // rename(file, directory) fails
    await expect(writeFileAtomic(blocked, '{}')).rejects.toThrow()
    expect((await readdir(tmp)).sort()).toEqual(['blocked.json', 'x.json'])
  })

  it('de-duplicates colliding slugs', async () => {
    const groups: AblationGroup[] = [
      { ablation: 'KL penalty', results: [{ ...supported, ablation: 'KL penalty' }] },
      { ablation: 'kl-penalty', results: [{ ...refuted, ablation: 'kl-penalty' }] },
    ]
    const paths = await writeAblationReports(groups, tmp)
    expect(paths.map((p) => p.slice(tmp.length + 1))).toEqual(['kl-penalty.json', 'kl-penalty-2.json'])
  })
})

// Minimal stand-ins for vitest's TestModule / TestCase (what survives a --merge-reports).
function fakeTest(name: string, rlvr: unknown, duration?: number): TestCaseLike {
  return {
    name,
    meta: () => (rlvr === undefined ? {} : { rlvr: rlvr as HypothesisResult }),
    diagnostic: () => (duration === undefined ? undefined : { duration }),
  }
}
function fakeModule(moduleId: string, tests: TestCaseLike[], duration: number): TestModuleLike {
  return { moduleId, children: { allTests: () => tests[Symbol.iterator]() }, diagnostic: () => ({ duration }) }
}

describe('collecting results from vitest modules', () => {
  it('reads meta in module/test order; wall time from single-ablation modules, else per test', () => {
    const modules = [
      fakeModule('/a.ablation.ts', [fakeTest('s', supported, 10), fakeTest('plain', undefined, 5), fakeTest('r', refuted, 20)], 900),
      fakeModule('/b.ablation.ts', [fakeTest('k', knownRefutation, 30), fakeTest('i', inconclusive, 40)], 500),
      fakeModule('/c.ablation.ts', [fakeTest('o', oneArmIncrease, 50), fakeTest('bad', { nope: true }, 1)], 700),
    ]
    const { rows, groups, invalid } = collectResults(modules)
    expect(rows.map((r) => r.testName)).toEqual(['s', 'r', 'k', 'i', 'o'])
    expect(groups.map((g) => [g.ablation, g.results.length, g.wallTimeMs])).toEqual([
      ['Clip-higher (DAPO)', 3, 900 + 40],
      ['Spurious rewards: random reward', 2, 30 + 700],
    ])
    expect(invalid).toEqual([{ testName: 'bad', moduleId: '/c.ablation.ts' }])
  })

  it('the reporter prints the report, writes JSON (RLVR_REPORT_DIR wins) and is silent without results', async () => {
    const envDir = join(tmp, 'from-env')
    vi.stubEnv('RLVR_REPORT_DIR', envDir)
    const out: string[] = []
    const reporter = new HypothesisReporter({ outputDir: join(tmp, 'ignored'), color: false, timings: false, write: (s) => out.push(s) })
    const modules = [fakeModule('/a.ts', allResults.map((r, i) => fakeTest(`t${i}`, r, 1)), 10)]
    await reporter.onTestRunEnd(modules as unknown as TestModule[], [], 'passed')
    const text = out.join('\n')
    expect(text).toContain(renderReport(groupByAblation(allResults), plain))
    expect(text).toContain(`JSON reports written to ${envDir}: clip-higher-dapo.json, spurious-rewards-random-reward.json`)
    expect((await readdir(envDir)).sort()).toEqual(['clip-higher-dapo.json', 'index.html', 'spurious-rewards-random-reward.json'])
    expect(existsSync(join(tmp, 'ignored'))).toBe(false)

    out.length = 0
    await reporter.onTestRunEnd([fakeModule('/u.test.ts', [fakeTest('x', undefined, 1)], 1)] as unknown as TestModule[], [], 'passed')
    expect(out).toEqual([])
    expect(HypothesisReporterDefault).toBe(HypothesisReporter)
  })
})

describe('end to end inside vitest', () => {
  it('programmatic run beside the default reporter: tables printed, JSON written', async () => {
    vi.stubEnv('RLVR_REPORT_DIR', '')
    const chunks: string[] = []
    const capture = new Writable({
      write(chunk, _enc, cb) {
        chunks.push(String(chunk))
        cb()
      },
    })
    // vitest's threads pool pipes each worker's stdio into this stream, and pipe() ends the target
    // when the worker exits: keep it open, as process.stdout would be.
    capture.end = () => capture
    const outputDir = join(tmp, 'reports')
    const reporter = new HypothesisReporter({ outputDir, timings: false })
    const exitCode = process.exitCode
    const vitest = await createVitest(
      'test',
      { root: fixtureProject, config: join(fixtureProject, 'vitest.config.ts'), watch: false, reporters: ['default', reporter] },
      { cacheDir: join(tmp, 'vite-cache') },
      { stdout: capture, stderr: capture },
    )
    try {
      await vitest.start()
    } finally {
      await vitest.close()
      process.exitCode = exitCode // the fixture has a failing test on purpose
    }
    const out = chunks.join('')
    // Not a TTY, so no colour (auto-detected).
    expect(out.slice(out.indexOf('Ablation: '))).not.toMatch(ANSI)
    // The whole report, exactly as rendered from the fixtures (order: files are sorted by vitest,
    // so the clip-higher module comes first).
    expect(out).toContain(renderReport(groupByAblation(allResults), plain))
    // After vitest's own summary.
    expect(out.indexOf('Ablation: Clip-higher (DAPO)')).toBeGreaterThan(out.lastIndexOf('Tests '))
    expect(out).toContain(`JSON reports written to ${outputDir}: clip-higher-dapo.json, spurious-rewards-random-reward.json`)
    expect((await readdir(outputDir)).sort()).toEqual(['clip-higher-dapo.json', 'index.html', 'spurious-rewards-random-reward.json'])
    const json = JSON.parse(await readFile(join(outputDir, 'clip-higher-dapo.json'), 'utf8'))
    // The refuted test failed after setting meta: its result is still there.
    expect(json.hypotheses).toEqual(clip)
    expect(typeof json.wallTimeMs).toBe('number')
  }, 20_000)

  it('by path from the CLI (--reporter=<file>), output dir from RLVR_REPORT_DIR', async () => {
    const outDir = join(tmp, 'cli-reports')
    const vitestBin = resolve(here, '../node_modules/vitest/vitest.mjs')
    const env = { ...process.env, RLVR_REPORT_DIR: outDir, NO_COLOR: '1', FORCE_COLOR: undefined, CI: undefined }
    const run = promisify(execFile)
    const { stdout } = await run(
      process.execPath,
      [vitestBin, 'run', '--root', fixtureProject, '--reporter=default', `--reporter=${reporterPath}`],
      { env, cwd: here, timeout: 30_000 },
    ).catch((err: { stdout: string; stderr: string; code: number }) => {
      expect(err.code, err.stderr).toBe(1) // the fixture's failing test; anything else is a real error
      return err
    })
    expect(stdout).not.toMatch(ANSI)
    for (const r of allResults) expect(stdout).toContain(r.hypothesis.split(' ').slice(0, 3).join(' '))
    expect(stdout).toContain('refuted (1 expected)')
    expect(stdout).toContain(`JSON reports written to ${outDir}`)
    expect((await readdir(outDir)).sort()).toEqual(['clip-higher-dapo.json', 'index.html', 'spurious-rewards-random-reward.json'])
  }, 30_000)
})
