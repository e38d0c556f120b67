import { timerCases } from './cases/timers.cases';

describe('timers, cursors and leadership on PGlite', () => timerCases('pglite'));
