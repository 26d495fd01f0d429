import { catchDomainError } from '@mi/domain';
import { mapPrecheck } from './nhsa-precheck.mapper';

const institution = { code: 'H43010200001', level: 3, type: 'hospital', admdvs: '430102', poolarea: '430100' };

/** A 3101 `input.data` with one inpatient encounter; `operations` become its `fsi_operation_dtos`. */
function aPrecheck(operations: unknown): Record<string, unknown> {
  return {
    syscode: 'HIS',
    trig_scen: '4',
    patient_dtos: [
      {
        ...{ patn_id: 'P0001', patn_name: '张三', gend: '1', brdy: '1980-05-06', poolarea: '430100', curr_mdtrt_id: 'MD0001' },
        fsi_encounter_dtos: [
          {
            ...{ mdtrt_id: 'MD0001', medins_id: 'H43010200001', medins_name: '医院', medins_admdvs: '430102', medins_type: 'A1', medins_lv: '3' },
            ...{ adm_date: '2026-03-01 08:00:00', dscg_main_dise_codg: 'K80.100', med_mdtrt_type: '2', med_type: '21', insutype: '310' },
            fsi_diagnose_dtos: [{ dise_codg: 'K80.100', maindise_flag: '1' }],
            fsi_order_dtos: [
              {
                ...{ rx_id: 'R1', hilist_code: '003310000010000', hilist_name: '腹腔镜下胆囊切除术', hilist_type: '201' },
                ...{ cnt: 1, pric: '1800.00', drord_begn_date: '2026-03-02 09:00:00' },
              },
            ],
            fsi_operation_dtos: operations,
          },
        ],
      },
    ],
  };
}

describe('mapPrecheck — fsi_operation_dtos (NHSA-INTERFACES.md §4.6)', () => {
  it('maps the operations of the encounter, the main one first', () => {
    const [patient] = mapPrecheck(
      aPrecheck([
        { setl_list_oprn_id: 'O2', oprn_code: '68.4100', oprn_name: '腹腔镜下全子宫切除术', main_oprn_flag: '0', oprn_date: '2026-03-02' },
        { setl_list_oprn_id: 'O1', oprn_code: '51.2300', main_oprn_flag: '1' },
        { setl_list_oprn_id: 'O3', oprn_name: '无编码', main_oprn_flag: '0' },
      ]),
      institution,
      '3101',
    ).patients;
    expect(patient.current.operations.map((o) => [o.code, o.isMain, o.name ?? null, o.date?.toString() ?? null])).toEqual([
      ['51.2300', true, null, null],
      ['68.4100', false, '腹腔镜下全子宫切除术', '2026-03-02'],
    ]);
  });

  it('accepts a single object or none', () => {
    expect(mapPrecheck(aPrecheck({ oprn_code: '47.0900', main_oprn_flag: 1 }), institution, '3101').patients[0].current.operations).toHaveLength(1);
    expect(mapPrecheck(aPrecheck(''), institution, '3101').patients[0].current.operations).toEqual([]);
  });

  it('refuses a malformed operation code, naming its path', () => {
    const error = catchDomainError(() => mapPrecheck(aPrecheck([{ oprn_code: '子宫切除' }]), institution, '3101'));
    expect(error.details.field).toBe('input.data.patient_dtos[0].fsi_encounter_dtos[0].fsi_operation_dtos[0].oprn_code');
  });
});
