export const DEFAULT_TEST_DATABASE_URL: string;
export function postgresAnswers(url: string, timeoutMs?: number): Promise<boolean>;
export interface TestPostgres {
  url: string;
  /** Removes a throwaway cluster; a no-op for a server that was already there. */
  stop(): void;
  provided: boolean;
}
export function ensureTestPostgres(opts?: { url?: string; mayProvide?: boolean; log?: (line: string) => void }): Promise<TestPostgres | null>;
