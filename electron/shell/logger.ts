// The logger shape the shell needs; pino's Logger satisfies it (checked in main.ts).
export interface ShellLogger {
  /** Settable so main can apply config.logLevel once the configuration is read. */
  level: string;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  fatal(obj: object, msg: string): void;
}
