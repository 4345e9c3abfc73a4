// V8 flags the kiosk's processes run with. A young generation capped at 2 MB semi-spaces
// (default 16 MB) keeps a drain's garbage from piling up before each scavenge: measured on a
// 100,000-row drain, the host's peak RSS fell by about 20–40 MB for no measurable loss of
// drain rate (bench/drain-vs-pouchdb.bench.ts runs the host with these flags).
// V8 reads them only at start-up: `app.commandLine.appendSwitch('js-flags', …)` reaches the
// renderer and child processes Electron starts afterwards, not the main process already
// running; for the host in Electron's main process the launcher passes `--js-flags=…` on
// Electron's command line, and a plain Node host gets them as node options.
export const HOST_JS_FLAGS = ['--max-semi-space-size=2'] as const;
