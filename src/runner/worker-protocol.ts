// Messages between the pool (src/runner/pool.ts) and its worker threads (src/runner/worker.ts).
import type { GrpoConfig } from '../engine/config.js'

export type WorkerRequest = { ids: number[]; config: GrpoConfig; seeds: number[] }
export type WorkerMessage =
  | { type: 'step'; id: number; step: number }
  | { type: 'done'; id: number; record: unknown }
  | { type: 'error'; id: number; message: string; step: number | null }
