// One in-memory PGlite for the whole suite (opening one costs seconds).
import { openTestPglite } from '../testing/test-databases.node.js';
import { describeRecommendationRoutes } from './recommendation-routes.contract.js';

describeRecommendationRoutes('pglite', openTestPglite);
