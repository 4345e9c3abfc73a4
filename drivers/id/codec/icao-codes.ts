// The codes an MRZ may carry for the issuing state or organisation and for nationality:
// ICAO 9303 Part 3 §5 — the ISO 3166-1 alpha-3 codes plus ICAO's own codes for Germany,
// British nationals, international organisations, stateless persons and refugees.
// Kept as data, not generated at run time: the list changes only with the standard.

/** ISO 3166-1 alpha-3 (249 codes, current assignments). */
const ISO_3166_ALPHA3 = `
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE
BDI BEL BEN BES BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA
CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE
DEU DJI DMA DNK DOM DZA
ECU EGY ERI ESH ESP EST ETH
FIN FJI FLK FRA FRO FSM
GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY
HKG HMD HND HRV HTI HUN
IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA
JAM JEY JOR JPN
KAZ KEN KGZ KHM KIR KNA KOR KWT
LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA
MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT
NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL
OMN
PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF
QAT
REU ROU RUS RWA
SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR
TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA
UGA UKR UMI URY USA UZB
VAT VCT VEN VGB VIR VNM VUT
WLF WSM
YEM
ZAF ZMB ZWE
`;

/** ICAO 9303 Part 3 §5 codes outside ISO 3166-1, with what each stands for. */
export const ICAO_SPECIAL_CODES: Readonly<Record<string, string>> = {
  // Germany writes D (filled D<<), not DEU.
  D: 'Germany',
  GBD: 'British Overseas Territories citizen',
  GBN: 'British National (Overseas)',
  GBO: 'British Overseas citizen',
  GBP: 'British protected person',
  GBS: 'British subject',
  EUE: 'European Union',
  UNO: 'United Nations Organization or one of its officials',
  UNA: 'specialized agency of the United Nations or one of its officials',
  UNK: 'resident of Kosovo, document issued by UNMIK',
  XBA: 'African Development Bank',
  XIM: 'African Export-Import Bank',
  XCC: 'Caribbean Community (CARICOM) or one of its emissaries',
  XCE: 'Council of Europe',
  XCO: 'Common Market for Eastern and Southern Africa (COMESA)',
  XEC: 'Economic Community of West African States (ECOWAS)',
  XPO: 'International Criminal Police Organization (INTERPOL)',
  XES: 'Organisation of Eastern Caribbean States (OECS)',
  XMP: 'Parliamentary Assembly of the Mediterranean',
  XOM: 'Sovereign Military Order of Malta or one of its emissaries',
  XDC: 'Southern African Development Community (SADC)',
  XXA: 'stateless person (1954 Convention)',
  XXB: 'refugee (1951 Convention)',
  XXC: 'refugee other than under the 1951 Convention',
  XXX: 'person of unspecified nationality',
  // Not ISO-assigned, but issued by Kosovo and listed with the ICAO codes by issuing states.
  RKS: 'Kosovo',
  // The fictitious state of every ICAO 9303 specimen: test documents and simulators use it.
  UTO: 'Utopia (ICAO specimen documents)',
};

export const ISO_3166_CODES: ReadonlySet<string> = new Set(ISO_3166_ALPHA3.split(/\s+/).filter(Boolean));

const ALL: ReadonlySet<string> = new Set([...ISO_3166_CODES, ...Object.keys(ICAO_SPECIAL_CODES)]);

/**
 * True when `field` (the 3-character MRZ field, e.g. 'UTO' or 'D<<') holds a code on the list.
 * Fillers may only pad a short code at its end.
 */
export function isIcaoCode(field: string): boolean {
  if (!/^[A-Z]+<*$/.test(field)) return false;
  return ALL.has(field.replace(/<+$/, ''));
}

/** Every accepted code (for generators in tests and the CLI's help). */
export function icaoCodes(): string[] {
  return [...ALL];
}
