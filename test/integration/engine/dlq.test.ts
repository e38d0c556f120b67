import { dlqCases } from './cases/dlq.cases';

describe('dead-letter queue on PGlite', () => dlqCases('pglite'));
