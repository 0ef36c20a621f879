import type { LoadResult } from './chat-load.js';
import type { FillTimings } from './pg-fill.js';
import type { PgRound } from './pg-scale.js';

/** What `npm run bench -- --store postgres` measured; saved as JSON under bench/results/. */
export type PgBenchReport = {
  at: string;
  machine: { nproc: number; cpu: string; memoryGb: number; node: string; loadAtStart: number[]; loadAtEnd: number[] };
  options: { users: number; seconds: number; scales: number[]; starts: number; rounds: number };
  echo: LoadResult;
  scales: {
    households: number;
    counts: Record<string, number>;
    databaseMb: number;
    fillSeconds: number;
    fillTimings: FillTimings;
    rounds: PgRound[];
  }[];
  /** bench/pg-import.ts at `rows`: its summary line, seconds and peak RSS. */
  import?: { rows: number; seconds: number; peakRssMb: number; line: string };
  totalSeconds: number;
};

type Scale = PgBenchReport['scales'][number];

const k = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const rate = (s: Scale) => median(s.rounds.map((x) => x.load.perSecond));

function scaleRow(s: Scale): string {
  const starts = s.rounds.flatMap((x) => x.startsMs);
  const cpu = s.rounds.flatMap((x) => x.startsCpu ?? []);
  const rates = s.rounds.map((x) => x.load.perSecond);
  return row([
    k(s.households),
    `${(median(starts) / 1000).toFixed(1)} s (${starts.map((ms) => (ms / 1000).toFixed(1)).join(', ')})`,
    `${median(cpu).toFixed(1)} s`,
    `${Math.max(...s.rounds.map((x) => x.rssMb))} MB (${Math.max(...s.rounds.map((x) => x.peakRssMb))})`,
    `${median(rates)} (${rates.join(', ')})`,
    median(s.rounds.map((x) => x.load.p50)),
    median(s.rounds.map((x) => x.load.p99)),
    s.rounds.reduce((n, x) => n + x.load.errors, 0),
    `${(s.databaseMb / 1000).toFixed(1)} GB`,
    `${s.fillSeconds} s`,
  ]);
}

function seqScans(s: Scale): string {
  const sums = new Map<string, { scans: number; rows: number }>();
  for (const x of s.rounds) {
    for (const [table, v] of Object.entries(x.seqScans)) {
      const sum = sums.get(table) ?? { scans: 0, rows: 0 };
      sums.set(table, { scans: sum.scans + v.scans, rows: sum.rows + v.rows });
    }
  }
  const text = [...sums].filter(([, v]) => v.rows > 0).map(([table, v]) => `${table} ${v.scans}× (${v.rows} rows)`);
  return `Sequential scans that read rows at ${k(s.households)} (all rounds: start-ups + load): ${text.join(', ') || 'none'}`;
}

/** The PostgreSQL report as markdown: a row per scale (medians over the interleaved rounds), ratio, scans, import. */
export function pgMarkdown(r: PgBenchReport): string {
  const m = r.machine;
  const out = [
    `Machine: ${m.nproc} cores (${m.cpu}), ${m.memoryGb} GB RAM, Node ${m.node}; load average ${m.loadAtStart.join(' / ')} at start, ${m.loadAtEnd.join(' / ')} at end. ${r.options.users} concurrent users, ${r.options.seconds} s per load, ${r.options.rounds} rounds with the scales interleaved, ${r.options.starts} starts per round.`,
    '',
    row([
      'households',
      'start to /readyz, median (each)',
      'CPU used by a start, median',
      'RSS after load, max (peak)',
      'chat msg/s, median (each round)',
      'p50 ms',
      'p99 ms',
      'errors',
      'database',
      'fill',
    ]),
    row(Array(10).fill('---')),
    ...r.scales.map(scaleRow),
    row(['bare fastify echo', '', '', '', r.echo.perSecond, r.echo.p50, r.echo.p99, r.echo.errors, '', '']),
  ];
  const first = r.scales[0];
  const last = r.scales.at(-1);
  if (first && last && last !== first) {
    const perRound = first.rounds.map((x, i) => ((last.rounds[i]?.load.perSecond ?? 0) / Math.max(1, x.load.perSecond)).toFixed(2));
    out.push(
      '',
      `msg/s at ${k(last.households)} ÷ at ${k(first.households)}: ${(rate(last) / Math.max(1, rate(first))).toFixed(2)} (medians; per round ${perRound.join(', ')})`,
    );
  }
  for (const s of r.scales) out.push('', seqScans(s));
  out.push(
    '',
    `Load average after each round: ${r.scales.map((s) => `${k(s.households)} ${s.rounds.map((x) => x.loadAverage[0]).join(' / ')}`).join('; ')}`,
  );
  if (r.import) {
    const i = r.import;
    out.push(
      '',
      `Import (bench/pg-import.ts, ${k(i.rows)} rows): ${i.seconds.toFixed(1)} s, peak RSS ${i.peakRssMb} MB; ` +
        `1M rows extrapolated linearly (not measured in this run): ~${Math.round((i.seconds * 1e6) / i.rows)} s.`,
    );
  }
  return out.join('\n');
}
