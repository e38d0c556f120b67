import { describeIfPg } from '../../../support/db';
import { timerCases } from '../cases/timers.cases';

describeIfPg('timers, cursors and leadership on PostgreSQL', () => timerCases('pg'));
