import type { LoadResult } from './chat-load.js';
import type { ImportBench } from './import-bench.js';
import type { ProbeResult } from './write-probe.js';

/** What bench/run.ts measured; saved as JSON under bench/results/. */
export type BenchReport = {
  at: string;
  machine: { nproc: number; cpu: string; memoryGb: number; node: string; loadAtStart: number[]; loadAtEnd: number[] };
  options: { users: number; seconds: number; scales: number[] };
  echo: LoadResult;
  scales: {
    households: number;
    counts: Record<string, number>;
    megabytesOnDisk: number;
    generatedSeconds?: number;
    startupMs: number;
    listenMs: number;
    peakRssMb: number;
    heapUsedMb: number;
    load: LoadResult;
    probe: ProbeResult[];
  }[];
  qa: Record<string, number>;
  import?: ImportBench;
  totalSeconds: number;
};

function table(header: string[], rows: (string | number | undefined)[][]): string {
  const line = (cells: (string | number | undefined)[]) => `| ${cells.map((c) => String(c ?? '')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const kb = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`);
const k = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));

/** The report as markdown tables (printed, and pasted into bench/README-performance.md). */
export function markdown(r: BenchReport): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(
    `Machine: ${m.nproc} cores (${m.cpu}), ${m.memoryGb} GB RAM, Node ${m.node}; load average ${m.loadAtStart.join(' / ')} at start, ${m.loadAtEnd.join(' / ')} at end. ${r.options.users} concurrent users, ${r.options.seconds} s per run.`,
  );
  const kinds = (l: LoadResult, kind: string) => (l.byKind[kind] ? `${l.byKind[kind].p50} / ${l.byKind[kind].p99}` : '');
  out.push(
    '\n**Chat throughput through the HTTP server** (POST /api/chat; p50 / p99 ms)\n',
    table(
      ['households', 'messages/s', 'p50', 'p99', 'read p50/p99', 'form step p50/p99', 'submit p50/p99', 'errors', 'vs echo'],
      [
        ...r.scales.map((s) => [
          k(s.households),
          s.load.perSecond,
          s.load.p50,
          s.load.p99,
          kinds(s.load, 'read'),
          kinds(s.load, 'form'),
          kinds(s.load, 'submit'),
          s.load.errors,
          `${Math.round((100 * s.load.perSecond) / Math.max(1, r.echo.perSecond))}%`,
        ]),
        ['bare fastify echo', r.echo.perSecond, r.echo.p50, r.echo.p99, '', '', '', r.echo.errors, '100%'],
      ],
    ),
  );
  out.push(
    '\n**Cost of size** (start-up = spawn of `src/main.ts` to the first answered POST /api/chat)\n',
    table(
      ['households', 'records (aid / visits / complaints)', 'data on disk', 'start-up', 'listening after', 'peak RSS', 'heap used'],
      r.scales.map((s) => [
        k(s.households),
        `${k(s.counts.aid ?? 0)} / ${k(s.counts.visits ?? 0)} / ${k(s.counts.complaints ?? 0)}`,
        `${s.megabytesOnDisk} MB`,
        `${(s.startupMs / 1000).toFixed(1)} s`,
        `${(s.listenMs / 1000).toFixed(1)} s`,
        `${s.peakRssMb} MB`,
        `${s.heapUsedMb} MB`,
      ]),
    ),
  );
  const turns = r.scales[0]?.probe.map((p) => p.turn) ?? [];
  out.push(
    '\n**One turn alone: latency (p50 of 5) and bytes written**\n',
    table(
      ['turn', ...r.scales.map((s) => `${k(s.households)}: ms / written`), 'files written (largest scale)'],
      turns.map((turn) => {
        const last = r.scales[r.scales.length - 1]?.probe.find((p) => p.turn === turn);
        const files = Object.entries(last?.files ?? {})
          .sort((a, b) => b[1] - a[1])
          .map(([name, bytes]) => `${name} ${kb(bytes)}`)
          .join(', ');
        return [
          turn,
          ...r.scales.map((s) => {
            const p = s.probe.find((x) => x.turn === turn);
            return p ? `${p.p50} / ${kb(p.bytes)}` : '';
          }),
          files,
        ];
      }),
    ),
  );
  const q = r.qa;
  out.push(
    '\n**Policy Q&A** (runQaBench, in process)\n',
    table(
      ['corpus', 'topics', 'build ms', 'ask p50 ms', 'ask p99 ms'],
      [
        ['real', q['qa.real.topics'], q['qa.real.build_ms'], q['qa.real.ask_p50_ms'], q['qa.real.ask_p99_ms']],
        ['synthetic', q['qa.synthetic.topics'], q['qa.synthetic.build_ms'], q['qa.synthetic.ask_p50_ms'], q['qa.synthetic.ask_p99_ms']],
      ],
    ),
  );
  if (r.import) {
    const i = r.import;
    out.push(
      '\n**Import** (`npm run import -- households FILE`, empty data dir, spawn to exit)\n',
      table(
        ['rows', 'CSV', 'seconds', 'rows/s', 'peak RSS'],
        [[i.rows, `${i.megabytes} MB`, i.seconds, i.rowsPerSecond, `${i.peakRssMb} MB`]],
      ),
    );
  }
  return out.join('\n');
}

/** Prints the report's tables to stdout. */
export function printTables(r: BenchReport): void {
  console.log(markdown(r));
}
