// The folders an ablation writes besides the run cache (checked in runArms): reports and
// baselines, checked before anything trains so an unwritable one costs no training.
import { resolve } from 'node:path'
import { baselineDir } from '../report/baselines.js'
import { assertWritable } from '../runner/writable.js'

export function checkOutputFolders(env: NodeJS.ProcessEnv = process.env): void {
  // As the reporter resolves it: RLVR_REPORT_DIR when set and non-empty, else reports/.
  assertWritable(resolve(env.RLVR_REPORT_DIR || 'reports'), 'RLVR_REPORT_DIR', 'report')
  if (env.RLVR_BASELINES !== 'off') assertWritable(baselineDir(), 'RLVR_BASELINE_DIR', 'baseline')
}
