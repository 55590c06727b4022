// npm run publish-runs [-- <report slug> ...]: publish the runs behind the JSON reports in reports/
// (all, or the named ones) from the local run cache into reports/runs. See docs/published-runs.md.
import { publishRuns, PublishError } from '../src/runner/publish.js'
import { publishedDir } from '../src/runner/published.js'

const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`
try {
  const s = publishRuns({ only: process.argv.slice(2) })
  for (const a of s.ablations) console.log(`published ${a.runs} runs of '${a.ablation}' (${a.slug}.json)`)
  console.log(`records: ${s.written} written, ${s.kept} already in the store (published before, or shared with another ablation), ${s.removed} removed (no longer referenced)`)
  console.log(`store ${publishedDir()}: ${s.recordFiles} records, ${mb(s.recordBytes)}; manifests ${mb(s.manifestBytes)}`)
  if (s.stale.length) console.log(`not served (another ENGINE_VERSION): ${s.stale.join(', ')}: re-run and publish those files, or delete them`)
} catch (e) {
  if (!(e instanceof PublishError)) throw e
  console.error(e.message)
  process.exitCode = 1
}
