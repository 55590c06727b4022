// npm run quick-start [-- --file README.md]: run the README's quick start exactly as a new user
// would (the example linear ablation, from an empty run cache) and write the command and the table
// it printed between the file's quick-start markers. The README's example output is never typed.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const EXAMPLE = 'ablations/linear/example.ablation.ts'
const START = '<!-- quick-start:start -->', END = '<!-- quick-start:end -->'
const { values: args } = parseArgs({ options: { file: { type: 'string', default: 'README.md' } } })

const text = readFileSync(args.file!, 'utf8')
const a = text.indexOf(START), b = text.indexOf(END)
if (a < 0 || b < a) {
  console.error(`${args.file} has no quick-start block: add the lines\n${START}\n${END}`)
  process.exit(1)
}

// An empty cache and a scratch report folder: the run trains everything, as on a fresh clone, and
// leaves the repository's reports alone.
const scratch = mkdtempSync(join(tmpdir(), 'rlvr-quick-start-'))
let out: string
try {
  const started = Date.now()
  const r = spawnSync(join('node_modules', '.bin', 'vitest'), ['run', EXAMPLE], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', RLVR_CACHE_DIR: join(scratch, 'cache'), RLVR_REPORT_DIR: join(scratch, 'reports') },
  })
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr)
    console.error(`the quick start failed (exit ${r.status}): fix it before publishing it`)
    process.exit(1)
  }
  // The hypothesis reporter's block: after vitest's own summary, up to the line naming the reports.
  const lines = r.stdout.split('\n')
  const from = lines.findIndex((l) => /^\s*Duration\s/.test(l)) + 1
  const to = lines.findIndex((l, i) => i >= from && l.startsWith('JSON reports written'))
  out = lines.slice(from, to < 0 ? undefined : to).join('\n').trim()
  if (!out) throw new Error(`no hypothesis table in the output of vitest run ${EXAMPLE}:\n${r.stdout}`)
  const seconds = Math.round((Date.now() - started) / 1000)
  const block = [START,
    '## Quick start',
    '',
    `The example linear ablation, \`${EXAMPLE}\`: two arms of the mode organism`,
    'under a random reward, 8 seeds each, and two hypotheses about clipping. From an empty run cache:',
    '',
    '```sh',
    `npx vitest run ${EXAMPLE}`,
    '```',
    '',
    `prints, after vitest's own lines (this run: ${seconds} s in all, from an empty local cache; written`,
    'by `npm run quick-start`):',
    '',
    '```',
    out,
    '```',
    '',
    'and writes the same figures, per seed and per step, to `reports/<ablation>.json`, with plots in',
    '`reports/index.html`. Every run is cached, so a second run takes seconds.',
    END].join('\n')
  writeFileSync(args.file!, `${text.slice(0, a)}${block}${text.slice(b + END.length)}`)
  console.log(`${args.file}: quick start written (${seconds} s)`)
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
