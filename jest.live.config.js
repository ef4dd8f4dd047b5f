import { base } from './jest.config.js';

export default { ...base, testMatch: ['<rootDir>/test/live/**/*.test.ts'], testTimeout: 300000 };
