// Spec mistakes, caught when a spec file is collected (before anything trains). Each error has a
// stable code, says what is wrong, where (file, ablation, arm, field), and how to fix it.

export type SpecErrorCode =
  | 'RLVR_UNKNOWN_METRIC' | 'RLVR_FOREIGN_ARM' | 'RLVR_BAD_CONFIG' | 'RLVR_NOT_AN_ARM' | 'RLVR_OUTSIDE_ABLATION'
  | 'RLVR_DUPLICATE_ARM' | 'RLVR_BAD_OPTION' | 'RLVR_RUN_FAILED' | 'RLVR_MISSING_CONTROL' | 'RLVR_MECHANISM_REGRESSION' | 'RLVR_BAD_RUNS' | 'RLVR_UNPAIRED'
  | 'RLVR_BAD_ENV' | 'RLVR_BASELINE_CLASH' | 'RLVR_UNWRITABLE' | 'RLVR_EVALUATION_ERROR'

export class SpecError extends Error {
  constructor(readonly code: SpecErrorCode, what: string, readonly where: string[], readonly hint?: string) {
    super(`✖ ${what}\n  → at ${where.filter(Boolean).join(' · ')}${hint ? `\n  hint: ${hint}` : ''}`)
    this.name = 'SpecError'
  }
}

/** file:line of the first stack frame outside rlvr-ablate's own sources: the spec that called us. */
export function callerLocation(): string {
  const frames = (new Error().stack ?? '').split('\n').slice(1)
  for (const f of frames) {
    const m = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):\d+\)?$/.exec(f.trim())
    if (!m) continue
    const file = m[1].replace(/^file:\/\//, '')
    if (/[\\/]src[\\/](dsl|runner|engine|stats|report)[\\/]/.test(file) || file.includes('node_modules') || file.startsWith('node:')) continue
    const rel = file.startsWith(process.cwd()) ? file.slice(process.cwd().length + 1) : file
    return `${rel}:${m[2]}`
  }
  return '(unknown file)'
}
