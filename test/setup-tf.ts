// Shared test helper: one backend per test file (forks pool: one process per file).
import { beforeAll } from 'vitest'
import { initBackend } from '../src/engine/backend.js'

export function useBackend(): void {
  beforeAll(async () => { await initBackend() })
}
