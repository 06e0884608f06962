import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs one of the kernel's network tools (`ip`, `nft`, `tc`, from iproute2 and nftables) and
 * fails with what it printed. `input` goes to its standard input (an `nft -f -` ruleset).
 */
export async function net(command: 'ip' | 'nft' | 'tc', args: readonly string[], input?: string): Promise<string> {
  try {
    if (input === undefined) return (await run(command, [...args])).stdout;
    return await new Promise<string>((resolve, reject) => {
      const child = execFile(command, [...args], (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stderr }));
        else resolve(stdout);
      });
      child.stdin?.end(input);
    });
  } catch (error) {
    const { stderr, code } = error as { stderr?: string; code?: string | number };
    if (code === 'ENOENT')
      throw new Error(`\`${command}\` is missing: the network lab needs iproute2 and nftables (apt-get install iproute2 nftables)`);
    throw new Error(`${command} ${args.join(' ')} failed: ${(stderr ?? String(error)).trim()}`);
  }
}

/** The same inside network namespace `ns` (`ip netns exec`). */
export function netIn(ns: string, command: 'ip' | 'nft' | 'tc', args: readonly string[], input?: string): Promise<string> {
  return net('ip', ['netns', 'exec', ns, command, ...args], input).catch((error: Error) => {
    throw new Error(error.message.replace(/^ip netns exec \S+ /, `[${ns}] `));
  });
}

/** Deletes namespaces now, synchronously (for `process.on('exit')`, where nothing async runs). */
export function deleteNamespacesSync(names: readonly string[]): void {
  for (const name of names) {
    try {
      execFileSync('ip', ['netns', 'delete', name], { stdio: 'ignore' });
    } catch {
      // Gone already.
    }
  }
}
