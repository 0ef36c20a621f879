import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './dockerfile-lint.js';

const root = new URL('../../', import.meta.url);

/** The `^major.minor.patch` ranges of an engines field, as [major, minor, patch]. */
function caretRanges(range: string): number[][] {
  return range.split('||').map((part) => {
    const match = /^\s*\^(\d+)\.(\d+)\.(\d+)\s*$/.exec(part);
    if (!match) throw new Error(`engines.node part "${part}" is not a ^x.y.z range`);
    return match.slice(1).map(Number);
  });
}

function satisfies(version: string, ranges: number[][]): boolean {
  const [major, minor, patch] = version.replace(/^v/, '').split('.').map(Number);
  return ranges.some(([m, n, p]) => major === m && ((minor ?? 0) > (n ?? 0) || (minor === n && (patch ?? 0) >= (p ?? 0))));
}

describe('supported Node versions', async () => {
  const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { engines: { node: string } };
  const ranges = caretRanges(pkg.engines.node);

  it('include the Node running these tests', async () => {
    expect(satisfies(process.version, ranges)).toBe(true);
  });

  it('include Node 20 (tested here) and every LTS line still supported: 22, 24 and 26, the active LTS', async () => {
    expect(ranges.map(([major]) => major)).toEqual([20, 22, 24, 26]);
  });

  it('include the image’s Node, an LTS line', async () => {
    const from = parseDockerfile(await readFile(new URL('deploy/Dockerfile', root), 'utf8')).find((i) => i.keyword === 'FROM');
    const major = Number(/^node:(\d+)-/.exec(from?.args ?? '')?.[1]);
    expect(major % 2).toBe(0);
    expect(ranges.map(([m]) => m)).toContain(major);
  });
});
