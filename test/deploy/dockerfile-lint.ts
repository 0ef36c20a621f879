/** One Dockerfile instruction: its keyword (upper case) and the rest of its (joined) lines. */
export type Instruction = { keyword: string; args: string };

/** Splits a Dockerfile into instructions: comments dropped, backslash continuations joined. */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue;
    pending += pending === '' ? line : ` ${line}`;
    if (pending.endsWith('\\')) {
      pending = pending.slice(0, -1).trimEnd();
      continue;
    }
    const match = /^(\S+)\s*(.*)$/.exec(pending);
    if (match?.[1]) instructions.push({ keyword: match[1].toUpperCase(), args: match[2] ?? '' });
    pending = '';
  }
  return instructions;
}

/** Whether an instruction's arguments are the JSON (exec) form. */
function execForm(args: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A structural lint (Debian packages no hadolint): pinned base images, a non-root user, a HEALTHCHECK that asks
 * /readyz with node, exec-form CMD (signals reach node), no ADD of URLs, production-only npm ci from the lockfile.
 */
export function lintDockerfile(text: string): string[] {
  const problems: string[] = [];
  const all = parseDockerfile(text);
  const lastFrom = all.map((i) => i.keyword).lastIndexOf('FROM');
  if (lastFrom < 0) return ['no FROM'];
  for (const from of all.filter((i) => i.keyword === 'FROM')) {
    const image = from.args.split(/\s+/)[0] ?? '';
    const tag = /^[^@]+:([^/:@]+)$/.exec(image)?.[1];
    if (!image.includes('@sha256:') && (!tag || tag === 'latest')) problems.push(`FROM ${image}: pin a version tag (or a digest)`);
  }
  const final = all.slice(lastFrom);
  const user = final
    .filter((i) => i.keyword === 'USER')
    .at(-1)
    ?.args.split(':')[0];
  if (user === undefined) problems.push('no USER: the container would run as root');
  else if (user === 'root' || user === '0') problems.push(`USER ${user}: run as a non-root user`);
  const health = final.filter((i) => i.keyword === 'HEALTHCHECK').at(-1);
  if (!health) problems.push('no HEALTHCHECK');
  else {
    const command = execForm(health.args.replace(/^(--\S+\s+)*CMD\s+/, ''));
    if (command?.[0] !== 'node') problems.push('HEALTHCHECK: use node in exec form (the slim image has no curl)');
    if (!health.args.includes('/readyz')) problems.push('HEALTHCHECK: ask /readyz');
  }
  const cmd = final.filter((i) => i.keyword === 'CMD').at(-1);
  if (!cmd || !execForm(cmd.args)) problems.push('CMD: use the exec (JSON) form, so SIGTERM reaches the app');
  else if (execForm(cmd.args)?.[0] === 'npm') problems.push('CMD: run node, not npm (npm does not pass signals on)');
  for (const add of all.filter((i) => i.keyword === 'ADD')) {
    if (/https?:\/\//.test(add.args)) problems.push(`ADD ${add.args}: download in a RUN step you can verify, or COPY`);
  }
  const runs = final.filter((i) => i.keyword === 'RUN').map((i) => i.args);
  const install = runs.find((r) => /\bnpm (ci|install)\b/.test(r));
  if (!install || !/\bnpm ci\b/.test(install)) problems.push('install with npm ci (the lockfile decides)');
  else if (!/--omit=dev\b/.test(install)) problems.push('npm ci: add --omit=dev');
  return problems;
}
