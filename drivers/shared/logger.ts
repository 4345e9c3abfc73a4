// The logging surface drivers need. pino's Logger satisfies it, and tests or the simulator
// can pass nothing: drivers must not depend on a concrete logger.
export type LogFn = (obj: object, msg?: string) => void;

export interface DriverLogger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const noop: LogFn = () => undefined;
export const silentLogger: DriverLogger = { debug: noop, info: noop, warn: noop, error: noop };
