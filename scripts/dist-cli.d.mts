// Types for scripts/dist-cli.mjs (plain ESM so `npm run dist` needs no TypeScript).
export const CLI_NODE_TARGET: string;
export function runtimeClosure(names: string[]): Map<string, string>;
export function buildCli(outdir: string): Promise<{ entry: string; externals: string[]; packages: string[] }>;
