import { schemaCases } from './cases/schema.cases';

describe('0001_initial schema on PGlite', () => schemaCases('pglite'));
