// ESM jest: ts-jest transpiles src/ and test/; `.js` import suffixes map back to the .ts sources.
// The simulator checks that a stored object's JSON it reuses is still the object's (src/sim/server.ts jsonOf).
process.env.KMCS_SIM_CHECK_JSON ??= '1';
const base = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }] },
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/summary-reporter.cjs'],
};

export default { ...base, testMatch: ['<rootDir>/test/**/*.test.ts'], testPathIgnorePatterns: ['/test/live/'] };
export { base };
