import { inboxCases } from './cases/inbox.cases';

describe('inbox on PGlite', () => inboxCases('pglite'));
