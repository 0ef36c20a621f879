import type { LoadResult } from './chat-load.js';
import type { PgScaleResult } from './pg-scale.js';

/** What `npm run bench -- --store postgres` measured; saved as JSON under bench/results/. */
export type PgBenchReport = {
  at: string;
  machine: { nproc: number; cpu: string; memoryGb: number; node: string; loadAtStart: number[]; loadAtEnd: number[] };
  options: { users: number; seconds: number; scales: number[]; starts: number };
  echo: LoadResult;
  scales: PgScaleResult[];
  /** bench/pg-import.ts at `rows`: its summary line, seconds and peak RSS. */
  import?: { rows: number; seconds: number; peakRssMb: number; line: string };
  totalSeconds: number;
};

const k = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The PostgreSQL report as markdown tables. */
export function pgMarkdown(r: PgBenchReport): string {
  const m = r.machine;
  const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const out = [
    `Machine: ${m.nproc} cores (${m.cpu}), ${m.memoryGb} GB RAM, Node ${m.node}; load average ${m.loadAtStart.join(' / ')} at start, ${m.loadAtEnd.join(' / ')} at end. ${r.options.users} concurrent users, ${r.options.seconds} s per load.`,
    '',
    row([
      'households',
      'start (spawn → /readyz 200), median / each',
      'RSS after load (peak)',
      'chat msg/s',
      'p50 ms',
      'p99 ms',
      'errors',
      'database size',
      'fill',
      'load avg after',
    ]),
    row(Array(10).fill('---')),
    ...r.scales.map((s) =>
      row([
        k(s.households),
        `${(median(s.startsMs) / 1000).toFixed(2)} s / ${s.startsMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')}`,
        `${s.rssMb} MB (${s.peakRssMb})`,
        s.load.perSecond,
        s.load.p50,
        s.load.p99,
        s.load.errors,
        `${(s.databaseMb / 1000).toFixed(1)} GB`,
        `${s.fillSeconds} s`,
        s.loadAverage[0] ?? '',
      ]),
    ),
    row(['bare fastify echo', '', '', r.echo.perSecond, r.echo.p50, r.echo.p99, r.echo.errors, '', '', '']),
  ];
  const last = r.scales.at(-1);
  const first = r.scales[0];
  if (first && last && last !== first) {
    out.push(
      '',
      `msg/s at ${k(last.households)} ÷ at ${k(first.households)}: ${(last.load.perSecond / Math.max(1, first.load.perSecond)).toFixed(2)}`,
    );
  }
  for (const s of r.scales) {
    const scans = Object.entries(s.seqScans)
      .filter(([, v]) => v.rows > 0)
      .map(([table, v]) => `${table} ${v.scans}× (${v.rows} rows)`);
    out.push('', `Sequential scans that read rows at ${k(s.households)} (start-up + load): ${scans.join(', ') || 'none'}`);
  }
  if (r.import) {
    const i = r.import;
    const perMillion = (i.seconds * 1e6) / i.rows;
    out.push(
      '',
      `Import (bench/pg-import.ts, ${k(i.rows)} rows): ${i.seconds.toFixed(1)} s, peak RSS ${i.peakRssMb} MB; ` +
        `1M rows extrapolated linearly (not measured here): ~${Math.round(perMillion)} s.`,
    );
  }
  return out.join('\n');
}
