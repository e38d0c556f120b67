import { ledgerCases } from './cases/ledger.cases';

describe('write ledger on PGlite', () => ledgerCases('pglite'));
