import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const serverDir = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  stderr: () => string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** kill -9: no cleanup at all, like a crashed machine. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs a composition root (`start`, `api` or `worker`) as a real child process. Resolves once it
 * serves /healthz (API) or has logged its start (worker).
 */
export async function spawnServer(entry: 'start' | 'api' | 'worker', env: Record<string, string>, readyUrl?: string, options: { detached?: boolean } = {}): Promise<ServerProcess> {
  const { child, output: out, stderr, exited } = spawnEntry(entry, env, options);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited early:\n${out()}`);
    if (Date.now() > deadline) throw new Error(`${entry} did not become ready:\n${out()}`);
    if (readyUrl) {
      // Ready once it serves and has printed its start lines (the dev token among them).
      const ok =
        /GraphQL \+ GraphiQL/.test(out()) &&
        (await fetch(`${readyUrl}/healthz`).then(
          (r) => r.ok,
          () => false,
        ));
      if (ok) break;
    } else if (/\[studio\] worker running/.test(out())) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    output: out,
    stderr,
    exited,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts a composition root and collects stdout and stderr apart (one process: node with the tsx
 * loader, so a kill -9 really kills the server, not a wrapper). `detached` makes it the leader of
 * its own process group, so a test can signal the group the way Ctrl-C in a terminal does.
 */
export function spawnEntry(entry: 'start' | 'api' | 'worker', env: Record<string, string>, options: { detached?: boolean } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(serverDir, `src/main/${entry}.ts`)], {
    cwd: serverDir,
    // As in the test app: no random identity re-render, no background LoRA pipeline, unless a test asks.
    env: { ...process.env, LOG_LEVEL: 'warn', IDENTITY_RETRY: 'off', LORA_PIPELINE: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let out = '';
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => ((out += d), (stdout += d)));
  child.stderr!.on('data', (d) => ((out += d), (stderr += d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, stdout: () => stdout, stderr: () => stderr, exited };
}
