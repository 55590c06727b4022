// Sharding: a suite split with vitest's `--shard=k/n --reporter=blob` and put together with
// `--merge-reports` must give the same hypothesis tables, JSON reports and HTML report as one run.
// The fixture project (test/fixtures/sharding) sets task.meta.rlvr from fixture results, no
// training; one ablation is spread over two files, so the shards can split it. The shards run one
// after the other in reverse order (2/2 before 1/2): vitest orders merged files by start time, so
// this checks that the report does not depend on when each machine ran its shard.
// See docs/sharding.md for the CI setup.

import { execFile } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chartPlaceholders } from './helpers/html-page.js'
import { asStored, sortModulesForReport } from '../src/report/shard-stable.js'
import { buildAblationReport } from '../src/report/json-report.js'
import { groupByAblation, renderReport } from '../src/report/render.js'
import { allResults, staged, sweepResults } from './fixtures/html-report/results.js'

/** The fixture project's results, in file order, as the reporter renders them (stored: NaN -> null). */
const results = asStored([...allResults, staged, ...sweepResults])

const here = dirname(fileURLToPath(import.meta.url))
const fixture = join(here, 'fixtures/sharding')
const vitestBin = resolve(here, '../node_modules/vitest/vitest.mjs')
const FILES = ['clip-final.hyp.ts', 'clip-speed.hyp.ts', 'spurious.hyp.ts', 'staged.hyp.ts', 'sweeps.hyp.ts']
const JSON_REPORTS = ['clip-higher-along-reward-noise-sweep.json', 'clip-higher-dapo.json', 'spurious-rewards-random-reward.json', 'staged-seeds-sequential-plan.json']

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** The test's temp directory (blobs, reports, a vite cache per child run). */
let tmp = ''
let runs = 0

function runVitest(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const cacheDir = join(tmp, `vite-cache-${++runs}`)
  return new Promise((done) => {
    execFile(
      process.execPath,
      [vitestBin, 'run', '--root', fixture, ...args],
      {
        cwd: fixture,
        env: {
          ...process.env,
          NO_COLOR: '1',
          FORCE_COLOR: undefined,
          CI: undefined,
          RLVR_REPORT_DIR: undefined,
          RLVR_FIXTURE_CACHE_DIR: cacheDir,
          ...env,
        },
        timeout: 60_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0
        done({ code, stdout, stderr })
      },
    )
  })
}

/** The exit code must be vitest's: 0, or 1 for the fixture's failing test; anything else is a crash. */
function expectRan(run: Run, what: string): void {
  expect([0, 1], `${what} exited ${run.code}:\n${run.stderr}\n${run.stdout}`).toContain(run.code)
}

/** formatDuration's outputs: "850ms", "12.3s", "2m 03s", "1h 02m". */
const WALL_TIME = /wall time (?:\d+h \d+m|\d+m \d+s|\d+(?:\.\d+)?m?s|n\/a)/g

/** The hypothesis reporter's part of stdout, wall times and the report directory masked. */
function reportText(stdout: string, reportDir: string): string {
  const start = stdout.indexOf('Ablation: ')
  expect(start, 'no hypothesis table in the output').toBeGreaterThanOrEqual(0)
  return stdout.slice(start).split(reportDir).join('<reports>').replace(WALL_TIME, 'wall time (masked)').trimEnd()
}

function maskJson(text: string): unknown {
  return { ...JSON.parse(text), generatedAt: '<masked>', wallTimeMs: '<masked>' }
}

function maskHtml(html: string): string {
  return html
    .replace(/<time datetime="[^"]*">[^<]*<\/time>/g, '<time>masked</time>')
    .replace(/<span class="wall-time">[^<]*<\/span>/g, '<span class="wall-time">masked</span>')
}

/** Test files a run reported ("✓ a.hyp.ts (2 tests)" / "❯ b.hyp.ts (3 tests | 1 failed)"). */
function filesRun(stdout: string): string[] {
  return [...stdout.matchAll(/^ [✓❯×↓] (\S+\.hyp\.ts) \(/gm)].map((m) => m[1]).sort()
}

describe('sharded runs merge into the same report', () => {
  let full: Run
  let merged: Run
  const shards: Run[] = []
  const dirs = { full: '', merged: '', blobs: '' }

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'rlvr-sharding-'))
    dirs.full = join(tmp, 'full')
    dirs.merged = join(tmp, 'merged')
    dirs.blobs = join(tmp, 'blobs')
    const shardRuns = (async () => {
      // As each CI matrix job would: its shard, the default reporter for the log, a blob to upload.
      for (const k of [2, 1]) {
        const blob = join(dirs.blobs, `blob-${k}-2.json`)
        shards[k - 1] = await runVitest([`--shard=${k}/2`, '--reporter=default', '--reporter=blob', `--outputFile.blob=${blob}`])
      }
    })()
    const [fullRun] = await Promise.all([runVitest([], { RLVR_REPORT_DIR: dirs.full }), shardRuns])
    full = fullRun
    merged = await runVitest([`--merge-reports=${dirs.blobs}`], { RLVR_REPORT_DIR: dirs.merged })
  }, 90_000)

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true })
  })

  it('the shards split the files between them and write only blobs', async () => {
    expectRan(full, 'full run')
    shards.forEach((s, i) => expectRan(s, `shard ${i + 1}/2`))
    expectRan(merged, 'merge')
    expect(filesRun(full.stdout)).toEqual(FILES)
    const [one, two] = shards.map((s) => filesRun(s.stdout))
    expect(one.length).toBeGreaterThan(0)
    expect(two.length).toBeGreaterThan(0)
    expect([...one, ...two].sort()).toEqual(FILES)
    // The config's hypothesis reporter is replaced by --reporter: shards print no tables.
    for (const s of shards) expect(s.stdout).not.toContain('Ablation: ')
    expect((await readdir(dirs.blobs)).sort()).toEqual(['blob-1-2.json', 'blob-2-2.json'])
    // The failing fixture test fails the merged run as it fails the full one.
    expect(merged.code).toBe(full.code)
  })

  it('prints the same tables (wall times masked)', () => {
    const a = reportText(full.stdout, dirs.full)
    const b = reportText(merged.stdout, dirs.merged)
    expect(b).toBe(a)
    // And they are the fixture's report, all eight hypotheses in file order, the staged one with its plan.
    expect(a).toContain(renderReport(groupByAblation(results), { color: false, timings: false }))
    expect(a).toContain("Sequential plan: looks at 8, 16, 24, 32, 40, 48 seeds (O'Brien-Fleming spending) · 32 of 96 runs (64 saved)")
    expect(a).toContain(
      'JSON reports written to <reports>: clip-higher-dapo.json, spurious-rewards-random-reward.json, staged-seeds-sequential-plan.json, clip-higher-along-reward-noise-sweep.json',
    )
    expect(a).toContain('HTML report written to <reports>/index.html')
  })

  it('writes the same JSON reports (generatedAt and wall time masked)', async () => {
    const names = (await readdir(dirs.full)).sort()
    expect(names).toEqual([...JSON_REPORTS, 'index.html'].sort())
    expect((await readdir(dirs.merged)).sort()).toEqual(names)
    const groups = groupByAblation(results)
    for (const [i, name] of ['clip-higher-dapo.json', 'spurious-rewards-random-reward.json', 'staged-seeds-sequential-plan.json', 'clip-higher-along-reward-noise-sweep.json'].entries()) {
      const a = maskJson(await readFile(join(dirs.full, name), 'utf8'))
      const b = maskJson(await readFile(join(dirs.merged, name), 'utf8'))
      expect(b).toEqual(a)
      expect(a).toEqual({ ...JSON.parse(JSON.stringify(buildAblationReport(groups[i]))), generatedAt: '<masked>', wallTimeMs: '<masked>' })
    }
  })

  it('writes the same HTML report (timestamp and wall times masked)', async () => {
    const a = await readFile(join(dirs.full, 'index.html'), 'utf8')
    const b = await readFile(join(dirs.merged, 'index.html'), 'utf8')
    expect(chartPlaceholders(a).length).toBeGreaterThan(0)
    expect(maskHtml(b) === maskHtml(a), 'the HTML reports differ beyond timestamp and wall times').toBe(true)
  })
})

describe('report order', () => {
  it('modules by relative path (code-unit order), then project; not by run or start-time order', () => {
    const m = (relativeModuleId: string, project: string) => ({ moduleId: `/root/${relativeModuleId}`, relativeModuleId, project: { name: project } })
    const modules = [
      m('b.ablation.ts', 'linear'),
      m('a/z.ablation.ts', 'linear'),
      m('a.ablation.ts', 'unit'),
      m('B.ablation.ts', 'linear'),
      m('a.ablation.ts', 'ablations'),
    ]
    expect(sortModulesForReport(modules).map((x) => `${x.project.name}:${x.relativeModuleId}`)).toEqual([
      'linear:B.ablation.ts',
      'ablations:a.ablation.ts',
      'unit:a.ablation.ts',
      'linear:a/z.ablation.ts',
      'linear:b.ablation.ts',
    ])
    // Without relativeModuleId (a hand-made module), the absolute id; the input is not changed.
    const plain = [{ moduleId: '/x/b.ts' }, { moduleId: '/x/a.ts' }]
    expect(sortModulesForReport(plain).map((x) => x.moduleId)).toEqual(['/x/a.ts', '/x/b.ts'])
    expect(plain[0].moduleId).toBe('/x/b.ts')
  })
})
