/** The connectors declare the RecordWriter shapes themselves (no engine import); they must stay assignable. The typecheck (tsc --noEmit) is what enforces this file. */
import type { ConnectorRecordWriter } from '../../../src/connectors/record-writer';
import type { RecordWriter } from '../../../src/engine/dispatcher';

it('the connectors’ record writer fits the dispatcher’s port', () => {
  const fits = (w: ConnectorRecordWriter): RecordWriter => w;
  expect(typeof fits).toBe('function');
});
