// `kioskctl decode` as a process of its own: what the process tests spawn (real stdin, exit
// codes). kioskctl itself calls runDecode with the same streams.
import { runDecode } from './decode.node.js';

process.exitCode = await runDecode(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
