import { migrateCases } from './cases/migrate.cases';

describe('migrate on PGlite', () => migrateCases('pglite'));
