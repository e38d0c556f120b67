import { dispatchCases } from './cases/dispatch.cases';

describe('dispatcher on PGlite', () => dispatchCases('pglite'));
