// npx tsx bench/published-size.ts [seeds arms steps]: the published store's size per record and per
// training step, and the size a suite of seeds x arms runs of `steps` steps would take at that rate
// (default 40 x 20 x 50). Reads reports/runs (RLVR_PUBLISHED_DIR).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'
import { publishedDir } from '../src/runner/published.js'

const dir = publishedDir()
const manifests = readdirSync(dir).filter((f) => f.endsWith('.json'))
const manifestBytes = manifests.reduce((n, f) => n + statSync(join(dir, f)).size, 0)
const runs = manifests.reduce((n, f) => n + (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { runs: unknown[] }).runs.length, 0)
let bytes = 0, steps = 0, records = 0
for (const f of readdirSync(join(dir, 'records'))) {
  const buf = readFileSync(join(dir, 'records', f))
  bytes += buf.length
  steps += (JSON.parse(brotliDecompressSync(buf).toString()) as { steps: number }).steps
  records++
}
const [seeds, arms, perRun] = process.argv.slice(2).map(Number)
const plan = { seeds: seeds || 40, arms: arms || 20, steps: perRun || 50 }
const perStep = bytes / steps
const manifestPerRun = manifestBytes / runs
const projected = plan.seeds * plan.arms * (plan.steps * perStep + manifestPerRun)
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`
console.log(`${dir}: ${records} records (${runs} runs in ${manifests.length} manifests), ${mb(bytes)} records + ${mb(manifestBytes)} manifests`)
console.log(`${steps} training steps: ${perStep.toFixed(1)} bytes per step, ${(bytes / records / 1e3).toFixed(2)} kB per record`)
console.log(`${plan.seeds} seeds x ${plan.arms} arms x ${plan.steps} steps at that rate: ${mb(projected)}`)
