// Where a kioskctl command writes: stdout for results (JSON or tables a script may parse),
// stderr for progress and errors. Injected so commands run in tests without a process.
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

export const processIo: CliIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
};
