/**
 * @mi/domain — the policy kernel of the 医保基金监管平台: value types, NHSA dictionaries and
 * the working-day calendar. Framework-free, no I/O, no clock reads (time comes via `Clock`).
 */
export * from './errors/domain-error';

export * from './region/admdvs';
export * from './region/province-codes';

export * from './money/money';
export * from './money/rounding-mode';
export * from './money/decimal-fraction';

export * from './identity/id-card';
export * from './identity/uscc';
export * from './identity/institution-code';

export * from './dictionaries/define-dictionary';
export * from './dictionaries/insurance-type.dictionary';
export * from './dictionaries/medical-type.dictionary';
export * from './dictionaries/treatment-mode.dictionary';
export * from './dictionaries/gender.dictionary';
export * from './dictionaries/list-type.dictionary';
export * from './dictionaries/institution-type.dictionary';
export * from './dictionaries/institution-level.dictionary';
export * from './dictionaries/trigger-scene.dictionary';
export * from './dictionaries/severity.dictionary';
export * from './dictionaries/violation-item-type.dictionary';
export * from './dictionaries/charge-type.dictionary';

export * from './violations/violation-type.dictionary';
export * from './violations/outpatient-pool-exclusion.dictionary';

export * from './calendar/local-date';
export * from './calendar/calendar-year-data';
export * from './calendar/working-day-calendar';
export * from './calendar/default-calendar';
export * from './calendar/data/year-2019.data';
export * from './calendar/data/year-2020.data';
export * from './calendar/data/year-2021.data';
export * from './calendar/data/year-2022.data';
export * from './calendar/data/year-2023.data';
export * from './calendar/data/year-2024.data';
export * from './calendar/data/year-2025.data';
export * from './calendar/data/year-2026.data';

export * from './ids/uuid-v7';
export * from './time/clock';

export * from './access/role.dictionary';
export * from './access/region-scope';
export { catchDomainError } from './errors/catch-domain-error.testing';
