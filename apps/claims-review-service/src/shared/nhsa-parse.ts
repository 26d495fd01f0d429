/** The NHSA record readers live in @mi/contracts (shared with monitoring's 35xx uploads). */
export { nhsaFail, nhsaList, type NhsaObject, refuseUnstorable } from '@mi/contracts';
