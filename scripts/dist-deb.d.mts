// Types for scripts/dist-deb.mjs (plain ESM so `npm run dist` needs no TypeScript).
export interface FileMapping {
  source: string;
  dest: string;
}
export interface BuilderConfig {
  productName?: unknown;
  linux?: Record<string, unknown> & { executableName?: string };
  deb?: Record<string, unknown> & { fpm?: string[]; depends?: string[]; recommends?: string[]; afterInstall?: string; afterRemove?: string };
  [key: string]: unknown;
}
export function readBuilderConfig(projectDir?: string): BuilderConfig;
export function installDir(config: BuilderConfig): string;
export function fpmEntries(fpm?: string[]): { files: FileMapping[]; beforeRemove: string | null };
export function expandTemplate(text: string, values: Record<string, unknown>): string;
export function controlFields(config: BuilderConfig, pkg: { name: string; version: string; description?: string; homepage?: string }, arch?: string): Record<string, string>;
export function stageDebTree(o: { projectDir?: string; unpackedDir: string; stageDir: string; arch?: string }): {
  appDir: string;
  executable: string;
  files: FileMapping[];
  fields: Record<string, string>;
  scripts: string[];
};
export function buildDeb(o: { projectDir?: string; unpackedDir: string; outDir: string; arch?: string; compression?: 'xz' | 'gzip' | 'none' }): string;
