import { defineDictionary, type CodeOf } from './define-dictionary';

/** 医疗就诊类型 (`med_mdtrt_type`) — treatment mode of an encounter. */
export const TreatmentMode = defineDictionary('med_mdtrt_type', {
  '1': { zh: '门诊', en: 'Outpatient' },
  '2': { zh: '住院', en: 'Inpatient' },
  '3': { zh: '购药', en: 'Pharmacy purchase' },
  '4': { zh: '其他', en: 'Other' },
});
export type TreatmentMode = CodeOf<typeof TreatmentMode>;
