/** Jest: ts-jest, one shared-realm environment so onnxruntime's typed-array checks pass. */
module.exports = {
  testEnvironment: '<rootDir>/test/setup/sharedRealmEnvironment.js',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json', 'node'],
  testTimeout: 60000,
  // Tests share two cores with native inference and a Temporal server: fewer workers are faster.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/setup/summaryReporter.js'],
};
