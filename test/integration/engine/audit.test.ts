import { auditCases } from './cases/audit.cases';

describe('audit chain on PGlite', () => auditCases('pglite'));
