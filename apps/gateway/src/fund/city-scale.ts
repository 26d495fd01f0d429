/**
 * Request options for fund routes whose work grows with the city — every institution of a monthly
 * run, prepayment or clearing, every case of a year, up to 1,000 discharges grouped at once. At the
 * scale of a real city (the year scenario with 27,000 settlements) they outlast an ordinary
 * request's 5 s: the gateway answered 504 while the service went on and committed. Each of them is
 * bounded, read-only or idempotent (a replay answers the first result), so waiting longer is safe.
 */
export const CITY_SCALE = { timeoutMs: 60_000 } as const;
