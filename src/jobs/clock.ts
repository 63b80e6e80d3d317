/** The time as the journals and results files write it: ISO 8601, UTC. */
export function now(): string {
  return new Date().toISOString();
}
