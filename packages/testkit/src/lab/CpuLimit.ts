import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the kernel's CPU controller is mounted, and which quota files it speaks. */
interface CpuController {
  /** The directory new groups are made in. */
  readonly root: string;
  /** Writes a quota of `percent` % of one core (null: none) into the group at `dir`. */
  setQuota(dir: string, percent: number | null): void;
}

/** The scheduler period the quota is a share of: 100 ms, the kernel's default. */
const PERIOD_US = 100_000;

/**
 * cgroup v2 (`cpu.max`, "quota period") where the unified hierarchy has the CPU controller,
 * otherwise cgroup v1's CPU controller (`cpu.cfs_quota_us`; Linux's Documentation/scheduler/
 * sched-bwc.rst describes both). Null when neither is there (no cgroups, or not ours to change).
 */
function findController(): CpuController | null {
  const unified = '/sys/fs/cgroup';
  if (readOr(join(unified, 'cgroup.controllers')).split(/\s+/).includes('cpu')) {
    // Children of the root get the CPU controller only once the root hands it down.
    if (!readOr(join(unified, 'cgroup.subtree_control')).split(/\s+/).includes('cpu'))
      writeFileSync(join(unified, 'cgroup.subtree_control'), '+cpu');
    return {
      root: unified,
      setQuota: (dir, percent) =>
        writeFileSync(join(dir, 'cpu.max'), percent === null ? `max ${PERIOD_US}` : `${quotaUs(percent)} ${PERIOD_US}`),
    };
  }
  const v1 = '/sys/fs/cgroup/cpu';
  if (existsSync(join(v1, 'cpu.cfs_quota_us')))
    return {
      root: v1,
      setQuota: (dir, percent) => {
        writeFileSync(join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
        writeFileSync(join(dir, 'cpu.cfs_quota_us'), percent === null ? '-1' : String(quotaUs(percent)));
      },
    };
  return null;
}

function quotaUs(percent: number): number {
  if (!(percent > 0)) throw new Error(`a CPU limit must be above 0 % (got ${percent})`);
  // The kernel takes at least 1 ms per period.
  return Math.max(1_000, Math.round((PERIOD_US * percent) / 100));
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * One household's CPU group: every process started in the household joins it (its
 * `procsFile`), and the group's quota is what they may use together, as on a slow laptop or one
 * busy with other work. Without a limit set the group changes nothing.
 */
export class CpuLimit {
  /** Write a process id here to move it (and the children it starts later) into the group; undefined without cgroups. */
  readonly procsFile: string | undefined;
  readonly #dir: string | undefined;
  readonly #controller: CpuController | null;

  private constructor(controller: CpuController | null, dir: string | undefined) {
    this.#controller = controller;
    this.#dir = dir;
    this.procsFile = dir && join(dir, 'cgroup.procs');
  }

  /** The group for namespace `name` (named after it, so an abandoned lab's groups can be found). */
  static async create(name: string): Promise<CpuLimit> {
    const controller = findController();
    if (!controller) return new CpuLimit(null, undefined);
    const dir = join(controller.root, name);
    mkdirSync(dir, { recursive: true });
    return new CpuLimit(controller, dir);
  }

  async set(percent: number | null): Promise<void> {
    if (!this.#controller || !this.#dir)
      throw new Error('a CPU limit needs the kernel’s CPU controller (cgroup v2 cpu.max or v1 cpu.cfs_quota_us), writable by root');
    this.#controller.setQuota(this.#dir, percent);
  }

  /** How many scheduler periods so far ended with the group's quota used up (`nr_throttled` in cpu.stat). */
  throttledPeriods(): number {
    if (!this.#dir) return 0;
    return Number(/^nr_throttled (\d+)$/m.exec(readOr(join(this.#dir, 'cpu.stat')))?.[1] ?? 0);
  }

  /** Removes the group; a group that still has processes stays until the next lab sweeps it. */
  async remove(): Promise<void> {
    if (this.#dir) removeGroup(this.#dir);
  }

  /** Removes the groups `isAbandoned` says belong to labs whose process is gone. */
  static async removeAbandoned(isAbandoned: (name: string) => boolean): Promise<void> {
    const root = findController()?.root;
    if (!root) return;
    for (const name of readdirSync(root)) if (isAbandoned(name)) removeGroup(join(root, name));
  }
}

function removeGroup(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Processes still in it (the kernel refuses, EBUSY) or gone already.
  }
}
