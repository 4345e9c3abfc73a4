// A made-up holder around the example number of GB 11643-1999 (Beijing Chaoyang district,
// born 1949-12-31, sequence 002: female). Used by tests, the simulator and the dev panel.
import type { CnIdText } from '../codec/base-info.js';

export const SAMPLE_CARD: CnIdText = {
  name: '测试员',
  sex: '2',
  nation: '01',
  birth: '19491231',
  address: '北京市朝阳区测试路1号',
  idNumber: '11010519491231002X',
  authority: '北京市公安局朝阳分局',
  validFrom: '20200101',
  validTo: '长期',
  cardType: ' ',
};
