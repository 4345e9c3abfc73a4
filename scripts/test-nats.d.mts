export const DEFAULT_TEST_NATS_URL: string;
export function natsAnswers(url: string, timeoutMs?: number): Promise<boolean>;
export interface TestNats {
  url: string;
  /** Ends a throwaway nats-server and removes its store; a no-op for a server that was already there. */
  stop(): void;
  provided: boolean;
}
export function ensureTestNats(opts?: { url?: string; mayProvide?: boolean; log?: (line: string) => void }): Promise<TestNats | null>;
