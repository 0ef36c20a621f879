import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { buildKnowledge, type Knowledge, type Lexicon, loadLexicon, loadTopics, type PolicyTopic } from '../src/knowledge/index.js';
import { createSegmenter } from '../src/knowledge/segment.js';

const contentDir = fileURLToPath(new URL('../content', import.meta.url));
const devSetFile = new URL('../test/knowledge/dev-set.yaml', import.meta.url);
const SYNTHETIC_TOPICS = 2000;
const REPEATS = 20;

// mulberry32: a tiny seeded PRNG so the synthetic corpus is the same on every run.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds `count` topics by recombining the words of the real ones (deterministic). */
export function syntheticTopics(real: PolicyTopic[], count: number): PolicyTopic[] {
  const next = random(20170510);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const segmenter = createSegmenter([]);
  const words = real.map((t) => ({
    title: segmenter.cut(t.title),
    short: segmenter.cut(t.short),
    details: segmenter.cut(t.details),
    aliases: t.aliases,
  }));
  const mix = (a: string[], b: string[], length: number): string =>
    Array.from({ length }, (_, i) => pick(i % 2 === 0 ? a : b) ?? '').join('');
  return Array.from({ length: count }, (_, i) => {
    const a = pick(words);
    const b = pick(words);
    const half = (xs: string[], first: boolean) => (first ? xs.slice(0, Math.ceil(xs.length / 2)) : xs.slice(Math.ceil(xs.length / 2)));
    return {
      id: `synthetic-${i}`,
      title: [...half(a.title, true), ...half(b.title, false)].join(''),
      aliases: Array.from({ length: 6 }, () => pick(next() < 0.5 ? a.aliases : b.aliases) ?? ''),
      category: '合成',
      source: 'bench',
      updated: '2025-01-01',
      related: [],
      short: mix(a.short, b.short, 40).slice(0, 200),
      details: mix(a.details, b.details, 300),
    };
  });
}

/** Every `q` in the dev set, whatever its layout (a list of cases, or sections of cases). */
function devQuestions(): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const { q } = node as { q?: unknown };
      if (typeof q === 'string') found.push(q);
      else Object.values(node).forEach(walk);
    }
  };
  walk(parse(readFileSync(devSetFile, 'utf8')));
  return found;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function timeBuild(topics: PolicyTopic[], lexicon: Lexicon): { knowledge: Knowledge; ms: number } {
  const start = performance.now();
  const knowledge = buildKnowledge(topics, lexicon);
  return { knowledge, ms: performance.now() - start };
}

// CPU time of the process (user + system), which a busy shared machine does not inflate the way it
// inflates wall-clock time by descheduling us.
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

type AskTimes = { p50: number; p99: number; cpuP50: number; cpuP99: number };

function timeAsks(knowledge: Knowledge, questions: string[]): AskTimes {
  for (const q of questions) knowledge.ask(q);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    for (const q of questions) {
      const start = performance.now();
      const startCpu = cpuMs();
      knowledge.ask(q);
      wall.push(performance.now() - start);
      cpu.push(cpuMs() - startCpu);
    }
  }
  wall.sort((x, y) => x - y);
  cpu.sort((x, y) => x - y);
  return { p50: percentile(wall, 0.5), p99: percentile(wall, 0.99), cpuP50: percentile(cpu, 0.5), cpuP99: percentile(cpu, 0.99) };
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/** Measures index build time and `ask` latency on the real content and on 2,000 synthetic topics. */
export async function runQaBench(): Promise<Record<string, number>> {
  const [real, lexicon] = await Promise.all([loadTopics(contentDir), loadLexicon(contentDir)]);
  const questions = devQuestions();
  // The first build also loads jieba's dictionary, the OpenCC tables and the IDF table.
  const cold = timeBuild(real, lexicon);
  const warm = timeBuild(real, lexicon);
  const realAsk = timeAsks(warm.knowledge, questions);
  const synthetic = timeBuild(syntheticTopics(real, SYNTHETIC_TOPICS), lexicon);
  const syntheticAsk = timeAsks(synthetic.knowledge, questions);
  return {
    'qa.questions': questions.length,
    'qa.real.topics': real.length,
    'qa.real.cold_build_ms': round(cold.ms),
    'qa.real.build_ms': round(warm.ms),
    'qa.real.ask_p50_ms': round(realAsk.p50),
    'qa.real.ask_p99_ms': round(realAsk.p99),
    'qa.real.ask_cpu_p50_ms': round(realAsk.cpuP50),
    'qa.real.ask_cpu_p99_ms': round(realAsk.cpuP99),
    'qa.synthetic.topics': SYNTHETIC_TOPICS,
    'qa.synthetic.build_ms': round(synthetic.ms),
    'qa.synthetic.ask_p50_ms': round(syntheticAsk.p50),
    'qa.synthetic.ask_p99_ms': round(syntheticAsk.p99),
    'qa.synthetic.ask_cpu_p50_ms': round(syntheticAsk.cpuP50),
    'qa.synthetic.ask_cpu_p99_ms': round(syntheticAsk.cpuP99),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runQaBench();
  const rows = [
    ['corpus', 'topics', 'build ms', 'ask p50 ms', 'ask p99 ms', 'cpu p50 ms', 'cpu p99 ms'],
    ['real (cold)', result['qa.real.topics'], result['qa.real.cold_build_ms'], '', '', '', ''],
    ...(['real', 'synthetic'] as const).map((corpus) => [
      corpus,
      result[`qa.${corpus}.topics`],
      result[`qa.${corpus}.build_ms`],
      result[`qa.${corpus}.ask_p50_ms`],
      result[`qa.${corpus}.ask_p99_ms`],
      result[`qa.${corpus}.ask_cpu_p50_ms`],
      result[`qa.${corpus}.ask_cpu_p99_ms`],
    ]),
  ].map((row) => row.map((cell) => String(cell ?? '')));
  const widths = (rows[0] ?? []).map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  for (const row of rows) console.log(row.map((cell, col) => cell.padStart(widths[col] ?? 0)).join('  '));
  console.log(`(${result['qa.questions']} dev-set questions × ${REPEATS} repeats per corpus)`);
  console.log(JSON.stringify(result));
}
