/**
 * Module borders, checked by `depcruise src` in `npm run lint` (STYLE.md: "Modules talk through services").
 * A module is a folder under src/; src/app.module.ts and src/strings.ts compose them all, and
 * src/database/entities.ts lists every entity for TypeORM, so they may import anything. Tests under src/ (`*.spec.ts`) follow the same rules, except that common's strings spec reads the
 * merged tables of src/strings.ts.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles: a cycle means two modules are one, or one should depend on the other through a hook.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'common-imports-no-feature',
      severity: 'error',
      comment:
        'src/common holds guards, CSRF, view helpers and the error filter: nothing of any feature (config and database are no feature).',
      from: { path: '^src/common/', pathNot: '^src/common/strings\\.spec\\.ts$' },
      to: { path: '^src/', pathNot: '^src/(common|config|database)/' },
    },
    {
      name: 'invitations-through-core',
      severity: 'error',
      comment: 'Other modules may import only src/invitations/core: selection, rsvp and attendance are its inside.',
      from: {
        path: '^src/',
        pathNot: ['^src/invitations/', '^src/(app\\.module|strings)\\.ts$', '^src/database/entities\\.ts$'],
      },
      to: { path: '^src/invitations/', pathNot: '^src/invitations/core/' },
    },
    {
      name: 'no-foreign-repository',
      severity: 'error',
      comment: "A module asks another module's service (exported from its module), never its repository.",
      from: { path: '^src/([^/]+)/' },
      to: { path: '\\.repository\\.ts$', pathNot: '^src/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
