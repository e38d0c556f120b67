import { applyCases } from './cases/apply.cases';

describe('applyPlan on PGlite', () => applyCases('pglite'));
