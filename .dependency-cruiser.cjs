/**
 * Import rules, checked by `npm run check:imports`. Layers run one way:
 * protocol ← server, client ← web, cli; sframe depends on nothing of Parley; no cycles between
 * files or between folders; source never imports test code.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Files importing each other, directly or through others.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment: 'Folders of one package importing each other (e.g. signaling ↔ sfu).',
      scope: 'folder',
      from: { path: '^packages/[^/]+/src/' },
      to: { circular: true },
    },
    {
      name: 'protocol-is-the-bottom',
      severity: 'error',
      comment: 'The wire contract depends on nothing of Parley.',
      from: { path: '^packages/protocol/' },
      to: { path: '^packages/(client|server|web|cli|testkit)/' },
    },
    {
      name: 'sframe-is-standalone',
      severity: 'error',
      comment: 'The SFrame library depends on nothing of Parley (WebCrypto only), so it can be read and audited on its own.',
      from: { path: '^packages/sframe/' },
      to: { path: '^packages/(protocol|client|server|web|cli|testkit)/' },
    },
    {
      name: 'client-not-server',
      severity: 'error',
      from: { path: '^packages/client/src/' },
      to: { path: '^packages/(server|web|cli|testkit)/' },
    },
    {
      name: 'server-not-client',
      severity: 'error',
      from: { path: '^packages/server/src/' },
      to: { path: '^packages/(client|web|cli|testkit)/' },
    },
    {
      name: 'web-not-server',
      severity: 'error',
      from: { path: '^packages/web/src/' },
      to: { path: '^packages/(server|cli|testkit)/' },
    },
    {
      name: 'cli-not-web',
      severity: 'error',
      from: { path: '^packages/cli/src/' },
      to: { path: '^packages/(web|testkit)/' },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      comment: 'Shipped code never imports tests, e2e support or the test kit.',
      from: { path: '^packages/[^/]+/src/', pathNot: '^packages/testkit/' },
      to: { path: '(^packages/[^/]+/test/|^e2e/|^packages/testkit/)' },
    },
    {
      name: 'unit-tests-not-e2e',
      severity: 'error',
      comment: 'Unit and integration tests share code through packages/testkit, not through e2e/support.',
      from: { path: '^packages/[^/]+/test/' },
      to: { path: '^e2e/' },
    },
    {
      name: 'testkit-is-standalone',
      severity: 'error',
      comment: 'The test kit launches processes and waits; it knows nothing of the code under test.',
      from: { path: '^packages/testkit/' },
      to: { path: '^packages/(protocol|sframe|client|server|web|cli)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    combinedDependencies: true,
  },
};
