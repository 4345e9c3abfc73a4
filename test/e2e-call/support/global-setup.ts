// Before any call test: refuse to run outside an isolated namespace, and build the kiosk
// page and the expert console from the current source, so a stale build can never pass or
// fail a run.
import { buildCallPages } from './build-pages.node.js';
import { assertIsolated } from './netns.node.js';

export default async function setup(): Promise<void> {
  assertIsolated();
  // `npm test` (scripts/test.mjs) sets BK_PAGES_BUILT=1 when its own build of these pages,
  // from the same source minutes earlier, passed: building them again only repeated it.
  if (process.env.BK_PAGES_BUILT !== '1') await buildCallPages();
}
