// Reported by /health. Kept in step with package.json by version.test.ts rather than read
// from it at run time, so bundlers need no JSON import.
export const HUB_VERSION = '0.1.0';
