import { dbCases } from './cases/db.cases';

describe('Db on PGlite', () => dbCases('pglite'));
