// Every RLVR_* environment variable the project reads, with the values it accepts. A spec file is
// checked against this table when it is collected, so a typo in a value (RLVR_INCONCLUSIVE=maybe)
// fails before anything trains instead of being silently ignored. docs/environment.md lists the
// same table for people (test/faults/collection.test.ts keeps the two and the sources in step).
import { CONTROL_KINDS, isControlKind } from './control-kinds.js'
import { SpecError } from './errors.js'

export interface EnvVariable {
  name: string
  /** The accepted values, as docs/environment.md prints them. */
  values: string
  meaning: string
  /** null when the value is fine, else what is wrong with it. */
  check: (value: string) => string | null
}

const oneOf = (...allowed: string[]) => (v: string) => (allowed.includes(v) ? null : `must be ${allowed.map((a) => `'${a}'`).join(' or ')}`)
const folder = (v: string) => (v.trim() === '' ? 'is empty: unset it for the default, or give a folder' : null)

export const ENV_VARIABLES: readonly EnvVariable[] = [
  { name: 'RLVR_BACKEND', values: '`node`, `wasm`, `cpu`', meaning: 'force this tfjs backend (unset: node if it loads, else wasm, else cpu)', check: oneOf('node', 'wasm', 'cpu') },
  { name: 'RLVR_CACHE_DIR', values: 'a folder', meaning: 'cache location (default `.rlvr-cache`): `runs/` (run records), `labels/` (majority-vote labels), `organisms/` (pretrained user organisms)', check: folder },
  { name: 'RLVR_REPORT_DIR', values: 'a folder (empty: the default)', meaning: 'where the JSON and HTML reports are written (default `reports`)', check: () => null },
  { name: 'RLVR_BASELINE_DIR', values: 'a folder', meaning: 'where the baselines are read and written (default `reports/baselines`)', check: folder },
  { name: 'RLVR_BASELINES', values: '`on`, `off`', meaning: '`off` skips the baseline check (default `on`)', check: oneOf('on', 'off') },
  { name: 'RLVR_UPDATE_BASELINES', values: '`0`, `1`', meaning: '`1` rewrites the baselines of the ablations that run, like `vitest -u` (default `0`)', check: oneOf('0', '1') },
  { name: 'RLVR_INCONCLUSIVE', values: '`fail`, `skip`', meaning: 'what an inconclusive verdict does to its test; overrides the ablation\'s `inconclusive` option', check: oneOf('fail', 'skip') },
  {
    name: 'RLVR_REQUIRED_CONTROLS', values: 'comma-separated control kinds (empty: none)',
    meaning: 'controls every claim must have, merged with `test.provide.rlvr.requiredControls` in vitest.config.ts',
    check: (v) => {
      const bad = v.split(',').map((k) => k.trim()).filter((k) => k && !isControlKind(k))
      return bad.length ? `names ${bad.map((k) => `'${k}'`).join(', ')}, not a control kind (known: ${CONTROL_KINDS.join(', ')})` : null
    },
  },
  { name: 'RLVR_PUBLISHED_DIR', values: 'a folder (empty: the default)', meaning: 'the published run store read under the local run cache (default `reports/runs`)', check: () => null },
  {
    name: 'RLVR_SPOT_CHECK', values: 'a number of runs >= 0, or `all`', meaning: 'published runs re-trained and compared with their records across the suite (default 3; `0`: none)',
    check: (v) => (v === '' || v === 'all' || /^\d+$/.test(v) ? null : "must be a number of runs or 'all'"),
  },
  { name: 'RLVR_SPOT_CHECK_SALT', values: 'any text', meaning: 'salt that picks the spot-checked sample (vitest.config.ts sets one per invocation; random when unset)', check: () => null },
  { name: 'RLVR_WORKERS', values: 'an integer >= 1', meaning: 'worker threads that train runs (default 1: in the test process)', check: (v) => (/^\d+$/.test(v) && Number(v) >= 1 ? null : 'must be an integer >= 1') },
  {
    name: 'RLVR_MAX_LOOKS', values: 'an integer >= 1, or `all`',
    meaning: 'go at most to look n of every sequential seeds plan in this invocation: hypotheses still open are reported open (verdict inconclusive) and not written to the baselines; a later invocation with a larger n goes on from the run cache. Default: a plan with published runs stops at the last look its published runs reach (so a fresh clone reads, not trains), any other plan runs every look; `all`: every look',
    check: (v) => (v === 'all' || (/^\d+$/.test(v) && Number(v) >= 1) ? null : "must be an integer >= 1 or 'all'"),
  },
  { name: 'RLVR_PROGRESS_MS', values: 'a number of milliseconds >= 0', meaning: 'interval of the plain progress lines when the output is not a terminal (default 10000)', check: (v) => (v.trim() !== '' && Number(v) >= 0 ? null : 'must be a number of milliseconds >= 0') },
]

/**
 * Throws a SpecError naming the first RLVR_* variable whose value is not one it accepts. Names
 * outside the table are not checked: the project reads only these.
 */
/** RLVR_MAX_LOOKS: a number of looks, `all` (Infinity), or undefined when unset (checked at collection by checkEnvironment). */
export function maxLooks(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const v = env.RLVR_MAX_LOOKS
  if (v === undefined || v === '') return undefined
  return v === 'all' ? Infinity : Number(v)
}

export function checkEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  for (const v of ENV_VARIABLES) {
    const value = env[v.name]
    if (value === undefined) continue
    const wrong = v.check(value)
    if (wrong) {
      throw new SpecError('RLVR_BAD_ENV', `${v.name}='${value}' ${wrong}`, ['environment', `variable ${v.name}`],
        `set it to ${v.values} (${v.meaning}), or unset it; see docs/environment.md`)
    }
  }
}
