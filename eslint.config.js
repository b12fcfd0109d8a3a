import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The server's modules and the modules each may use, lower layers first. A module is used only
 * through its index.ts; anything else in its folder is private. Because a module may only use
 * those listed before it, no import cycle between modules can form.
 */
const serverModules = {
  identity: [],
  safety: ['identity'],
  // Takes its news (flagged wording) as events, and is told how to check membership at start.
  wellbeing: [],
  attachments: ['identity', 'safety'],
  conversations: ['identity', 'safety', 'attachments'],
  listening: ['identity', 'safety', 'conversations'],
  direct: ['identity', 'safety', 'attachments', 'conversations'],
  support: ['identity', 'conversations'],
  appointments: ['identity', 'safety', 'conversations', 'direct'],
  admin: ['identity', 'safety', 'conversations', 'appointments'],
  resources: ['identity', 'attachments', 'conversations'],
  demo: ['identity', 'resources'],
  // A pure subscriber: it hears of everything through events, and nothing imports it.
  notifications: ['identity'],
};
const moduleNames = Object.keys(serverModules);
const internals = {
  regex: '(^|/)features/[a-z-]+/(?!index(\\.ts)?$)',
  message: 'Use the other module through its index.ts (its front door), not its files.',
};
const moduleBoundaries = moduleNames.map((name) => ({
  files: [`apps/server/src/features/${name}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { regex: '^\\.\\./[a-z-]+/', message: internals.message },
          internals,
          ...moduleNames
            .filter((other) => other !== name && !serverModules[name].includes(other))
            .map((other) => ({
              regex: `(^\\.\\.|/features)/${other}(/|$)`,
              message: `The ${name} module may not use ${other}: its news comes as events (lib/events.ts), or ${other} is above it. Allowed: ${serverModules[name].join(', ') || 'none'}.`,
            })),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Every error the server answers with comes from the catalogue (status, code, message).
    files: ['apps/server/**/*.ts'],
    ignores: ['apps/server/src/lib/errors.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='AppError']",
          message:
            'Throw a factory from `errors` (apps/server/src/lib/errors.ts); add the code to errorCatalogue in packages/protocol/src/errors.ts if it is new.',
        },
      ],
    },
  },
  {
    // Outside the modules (composition root, platform, tests, benchmarks), only front doors.
    files: ['apps/server/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts'],
    ignores: ['apps/server/src/features/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [internals] }] },
  },
  ...moduleBoundaries,
  {
    // The service worker (Web Push and the offline app shell) runs in its own global scope.
    files: ['apps/web/sw/**/*.js', 'apps/web/public/**/*.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    files: ['scripts/**', 'bench/**', 'apps/server/src/seed-cli.ts'],
    rules: { 'no-console': 'off' },
  },
);
