// Prints a one-time enrollment code for a kiosk; see hub/auth/enroll-code-cli.node.ts.
import { runEnrollCodeCli } from './auth/enroll-code-cli.node.js';

process.exitCode = await runEnrollCodeCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
