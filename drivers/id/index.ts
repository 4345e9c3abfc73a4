// Public API of the identity document readers: passports and ID cards by MRZ, driver's
// licences by AAMVA PDF417, Chinese resident ID cards by the SAM reader protocol. Simulators
// live in *.node.ts files (mrz/simulator.node.ts, china/simulator.node.ts) so production code
// that only reads documents does not load socat helpers.
export { createIdDocument, maskIdDocument, maskIdNumber, maskName } from './codec/document.js';
export type { Decoded, IdDecodeError, IdDecodeIssue } from './codec/errors.js';
export { ICAO_SPECIAL_CODES, icaoCodes, isIcaoCode } from './codec/icao-codes.js';
export { decodeMrz, parseMrz, mrzToIdDocument, type MrzData, type MrzErrorCode, type MrzFormat, type MrzOptions } from './codec/mrz.js';
export { encodeMrz, type MrzInput } from './codec/mrz-encode.js';
export { MrzFramer, encodeMrzFrame, type MrzFrameErrorCode, type MrzFrameItem, type MrzFraming } from './codec/mrz-frame.js';
export { AAMVA_PREFIX, decodeAamva, encodeAamvaFile, parseAamvaFile, type AamvaErrorCode, type AamvaFile, type AamvaFileInput } from './codec/aamva.js';
export { decodeBaseInfo, encodeBaseInfo, type BaseInfoErrorCode, type BaseInfoOptions, type CnIdText } from './china/codec/base-info.js';
export { checkIdNumber, idCheckChar } from './china/codec/id-number.js';
export { nationName } from './china/codec/nations.js';
export { createMrzReader, type MrzReaderOptions } from './mrz/reader.js';
export { createChinaIdReader, type ChinaIdReaderOptions } from './china/reader.js';
export { createLicenceReader, type LicenceReaderOptions } from './licence-reader.js';
export { IdReaderError, type IdReaderErrorCode } from './read-error.js';
export type { DeviceReadError, DocumentSex, IdDocument, IdDocumentFields, IdDocumentKind, IdReader, IdReaderHealthReason, MaskedIdDocument } from '../device-classes.js';
