import { renderRotationList } from '../../../src/ops/rotation';

describe('handoff rotation list, in words', () => {
  it('says so when nobody is out', () => {
    expect(renderRotationList([])).toBe('every RM is in rotation');
  });

  it('lists who is out, since when and after how many breaches, and how to put one back', () => {
    expect(renderRotationList([{ rm: 'tomas_rivera', name: 'Tomás Rivera', since: '2026-03-10T23:30:00.000Z', breaches: 3 }, { rm: 'ana_morales', name: 'Ana Morales', since: null, breaches: 1 }])).toBe(
      [
        '2 RMs out of rotation (routing passes them over):',
        '  tomas_rivera  Tomás Rivera  out since 2026-03-10T23:30:00.000Z, after 3 missed accept-by deadlines in a row',
        '  ana_morales  Ana Morales  out since an unknown time, after 1 missed accept-by deadline in a row',
        '',
        'Put one back: handoff rotation restore RM_ID --by NAME --reason TEXT',
      ].join('\n'),
    );
  });
});
