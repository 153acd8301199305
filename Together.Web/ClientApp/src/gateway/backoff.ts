/** Reconnect delays: 0, 1, 2, 4, 8, 16 s, then every 30 s, each with up to 20 % jitter so clients do not stampede. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  if (attempt === 0) return 0;
  const base = Math.min(30_000, 1000 * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
