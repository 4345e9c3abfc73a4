// One in-memory PGlite for the whole suite (opening one costs seconds).
import { openTestPglite } from '../testing/test-databases.node.js';
import { describeKnowledgeRoutes } from './knowledge-routes.contract.js';

describeKnowledgeRoutes('pglite', openTestPglite);
