/**
 * The suite's knobs, from the environment that `reliability/run.mjs` sets (the quick subset's
 * values when run alone), and where the figures go: a JSON file per part under RELIABILITY_OUT,
 * which the runner reads to print its summary.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const num = (name: string, fallback: number) => {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : Number(v);
};

export function settings() {
  return {
    /** Fuzz cases per importer: the cases numbered from `from` up to (not including) this. */
    cases: num('RELIABILITY_CASES', 200),
    /**
     * The first case run (RELIABILITY_FROM): the ones before it are generated, to keep the seeded
     * sequence, but not run, so a long run can be done in parts that add up to the whole.
     */
    from: num('RELIABILITY_FROM', 0),
    /** The importers fuzzed (RELIABILITY_IMPORTERS, ids separated by commas); all when unset. */
    importers: (process.env.RELIABILITY_IMPORTERS ?? '').split(',').filter(Boolean),
    seed: num('RELIABILITY_SEED', 20261205),
    /** This process's share of the cases, `k/n` (RELIABILITY_SHARD): the cases numbered k, k + n … */
    shard: shardOf(process.env.RELIABILITY_SHARD ?? '0/1'),
    /** A case that takes more CPU time than this counts as a hang. */
    caseLimitMs: num('RELIABILITY_CASE_LIMIT_MS', 10_000),
    /** Every n-th parsed case is also written through the app's import path. */
    dbSampleEvery: num('RELIABILITY_DB_SAMPLE_EVERY', 10),
    /** Size of the huge fields and lines (the full run: 1 MiB), and the depth of nesting (a tenth). */
    hugeBytes: num('RELIABILITY_HUGE_BYTES', 64 << 10),
    /** What a zip bomb inflates to (the full run: 256 MiB). */
    bombBytes: num('RELIABILITY_BOMB_BYTES', 16 << 20),
  };
}

function shardOf(spec: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count) throw new Error(`RELIABILITY_SHARD must be k/n with k < n, not "${spec}".`);
  return { index, count };
}

export async function reportFigures(part: string, figures: unknown): Promise<void> {
  const dir = process.env.RELIABILITY_OUT;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${part}.json`), JSON.stringify(figures, null, 2));
}
