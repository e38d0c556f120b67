import { rotationCheck } from '../../../src/ops/doctor-checks';

describe('doctor: rotation', () => {
  it('is ok when nobody is out of rotation', () => {
    expect(rotationCheck([])).toEqual({ id: 'rotation', status: 'ok', message: 'rotation: no RM is out of rotation' });
  });

  it('warns, by roster id, about RMs a breach streak took out, and says how to put one back', () => {
    const c = rotationCheck([
      { ownerId: 'tomas_rivera', since: new Date('2026-03-10T23:30:00Z'), consecutive: 3 },
      { ownerId: 'ana_morales', since: null, consecutive: 4 },
    ]);
    expect(c).toEqual({
      id: 'rotation',
      status: 'warn',
      message: 'rotation: 2 RMs out of rotation after missing accept-by on leads in a row, so routing passes them over: tomas_rivera (3 in a row, since 2026-03-10), ana_morales (4 in a row)',
      fix: '`handoff rotation list` shows them; once their manager agrees, `handoff rotation restore RM_ID --by NAME --reason TEXT` puts one back',
    });
  });
});
