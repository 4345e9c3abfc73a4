// axe-core in the page (no serious or critical violation): the one helper lives in stack.ts;
// this name stays for the tests that import it from here.
export { expectAccessible } from './stack.js';
