// Specimen data for the simulators: published test documents, never real people.
import type { MagstripeCard } from '../drivers/card/codec/tracks.js';
import type { CnIdText } from '../drivers/id/china/codec/base-info.js';

/** ICAO 9303 Part 4 specimen passport (Anna Maria Eriksson, Utopia). */
export const sampleMrz = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

/** A Luhn-valid UnionPay test number unless another PAN is given. */
export function sampleCard(pan = '6225880137706884'): MagstripeCard {
  return { pan, name: { surname: 'TEST', given: 'CARD' }, expiry: { year: 2030, month: 12 }, serviceCode: '201' };
}

/** GB 11643-1999's example ID number, with made-up card fields. */
export const sampleCnId: CnIdText = {
  name: '测试样本',
  sex: '2',
  nation: '01',
  birth: '19491231',
  address: '北京市朝阳区示例路1号',
  idNumber: '11010519491231002X',
  authority: '北京市公安局朝阳分局',
  validFrom: '20200101',
  validTo: '20400101',
  cardType: ' ',
};
