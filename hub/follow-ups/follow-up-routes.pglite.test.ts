// One in-memory PGlite for the whole suite (opening one costs seconds).
import { openTestPglite } from '../testing/test-databases.node.js';
import { describeFollowUpRoutes } from './follow-up-routes.contract.js';

describeFollowUpRoutes('pglite', openTestPglite);
