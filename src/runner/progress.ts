// Progress while an ablation trains: runs done / total, current arm and seed, elapsed, ETA.
// A live line on a terminal; periodic plain lines in CI or when piped. A long ablation is never silent.

export interface ProgressState {
  ablation: string
  done: number
  total: number
  /** Of `done`, the runs served from the cache or the published store: they took no training time. */
  cached?: number
  current?: { arm: string; seed: number; step: number; steps: number }
  /** Runs in progress, as the sum of their completed fractions (default: the current run's). */
  inFlight?: number
  /** Under a sequential seeds plan: the look (1-based) of how many, and the hypotheses still open. */
  stage?: { index: number; of: number; open: string[] }
}

/** "stage 2/6, 3 open: a, b, c" (the first few names). */
export const stageText = (s: NonNullable<ProgressState['stage']>): string =>
  `stage ${s.index}/${s.of}, ${s.open.length} open: ${s.open.slice(0, 3).join(', ')}${s.open.length > 3 ? `, +${s.open.length - 3}` : ''}`

/** ProgressState.inFlight, or the current run's completed fraction. */
const inFlightOf = (s: ProgressState): number => s.inFlight ?? (s.current ? s.current.step / s.current.steps : 0)

/**
 * Seconds left at the rate of this batch's training so far. Runs served without training (cached or
 * published) took no time, so they count neither toward the rate nor toward what is left: counting
 * them made a look that re-served 112 runs and had 48 to train say "~1s left".
 */
export function secondsLeft(s: ProgressState, trainingSeconds: number): number {
  const inFlight = inFlightOf(s)
  const trainedWork = s.done - (s.cached ?? 0) + inFlight
  return trainedWork > 0 ? (trainingSeconds * (s.total - s.done - inFlight)) / trainedWork : NaN
}

const fmt = (s: number) => (s < 60 ? `${s.toFixed(0)}s` : `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`)

export class Progress {
  private started = performance.now()
  private trainingSince = performance.now()
  private lastPrint = 0
  private live: boolean
  constructor(private out: NodeJS.WriteStream = process.stderr, private intervalMs = Number(process.env.RLVR_PROGRESS_MS ?? 10_000)) {
    this.live = Boolean(out.isTTY) && !process.env.CI
  }

  /** Training starts now (once per batch: a staged plan's later looks re-serve the earlier runs). */
  startTraining(): void {
    this.trainingSince = performance.now()
  }

  line(s: ProgressState): string {
    const now = performance.now()
    const elapsed = (now - this.started) / 1000
    const eta = secondsLeft(s, (now - this.trainingSince) / 1000)
    const cur = s.current ? ` · ${s.current.arm} seed ${s.current.seed} step ${s.current.step}/${s.current.steps}` : ''
    return `[rlvr] ${s.ablation}: ${s.stage ? `${stageText(s.stage)} · ` : ''}${s.done}/${s.total} runs${cur} · ${fmt(elapsed)} elapsed${Number.isFinite(eta) ? ` · ~${fmt(eta)} left` : ''}`
  }

  update(s: ProgressState, force = false): void {
    const now = performance.now()
    if (this.live) {
      if (force || now - this.lastPrint > 200) { this.out.write(`\r\x1b[2K${this.line(s)}`); this.lastPrint = now }
    } else if (force || now - this.lastPrint > this.intervalMs) {
      this.out.write(`${this.line(s)}\n`)
      this.lastPrint = now
    }
  }

  finish(s: ProgressState, trained: number): void {
    const msg = `${this.line({ ...s, current: undefined })} · ${trained} trained, ${s.total - trained} cached`
    this.out.write(this.live ? `\r\x1b[2K${msg}\n` : `${msg}\n`)
  }
}
