import { Admdvs, DomainError } from '@mi/domain';

/** The pooling region (a city code) of a request, or a 400 naming `admdvs` (`what` says what is kept per region). */
export function poolingRegion(admdvs: string, what: string): string {
  const a = Admdvs.parse(admdvs, 'admdvs');
  if (a.level !== 'city') throw new DomainError('VALIDATION', `admdvs: ${what} are per pooling region (a city code)`, { field: 'admdvs' });
  return a.code;
}
