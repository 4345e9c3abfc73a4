// Account opening's routes on one embedded PGlite (see account-opening-routes.contract.ts).
import { openTestPglite } from '../testing/test-databases.node.js';
import { accountOpeningRouteContract } from './account-opening-routes.contract.js';

accountOpeningRouteContract('PGlite', openTestPglite);
