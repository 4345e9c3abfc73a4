// The demo bank's customers, cards, billers and bills (hub/banking/README.md lists them for
// testers). Demo data, not secrets: the PINs are here so tests and simulators can type them.
// Amounts in fen (CNY minor units).

export interface SeedCard {
  cardId: string;
  pan: string;
  pin: string;
  /** YYMM */
  expiry: string;
  /** First digit 2 or 6: the card has a chip, so a swipe is told to insert. */
  serviceCode: string;
  status: 'active' | 'blocked';
}

export interface SeedAccount {
  accountId: string;
  accountNumber: string;
  kind: 'current' | 'savings';
  name: { zh: string; en: string };
  balanceMinor: number;
  /** Booked before the seed's date, oldest first; the opening balance is derived so the last entry ends at balanceMinor. */
  history: ReadonlyArray<{ at: string; description: string; amountMinor: number }>;
}

export interface SeedCustomer {
  customerId: string;
  displayName: string;
  /**
   * China resident ID number (GB 11643, made up) for statements by ID card + PIN; the PIN checked
   * is the one of `cards[0]` (the account password), and wrong tries count on that card.
   */
  idNumber?: string;
  cards: SeedCard[];
  accounts: SeedAccount[];
}

const current = { zh: '活期账户', en: 'Current account' };
const savings = { zh: '储蓄账户', en: 'Savings account' };

export const SEED_CUSTOMERS: readonly SeedCustomer[] = [
  {
    customerId: 'C1001',
    displayName: '张伟',
    idNumber: '31010119850315031X',
    cards: [{ cardId: 'K1001', pan: '6222021000000000017', pin: '123456', expiry: '3012', serviceCode: '201', status: 'active' }],
    accounts: [
      {
        accountId: 'A1001',
        accountNumber: '6222000010000001',
        kind: 'current',
        name: current,
        balanceMinor: 1_234_567,
        history: [
          { at: '2026-11-05T09:12:00+08:00', description: '工资 / Salary', amountMinor: 1_500_000 },
          { at: '2026-11-08T18:40:00+08:00', description: '超市 / Supermarket', amountMinor: -32_850 },
          { at: '2026-11-15T12:05:00+08:00', description: '转账 / Transfer to 李娜', amountMinor: -100_000 },
          { at: '2026-11-20T20:31:00+08:00', description: '餐饮 / Restaurant', amountMinor: -18_800 },
        ],
      },
      { accountId: 'A1002', accountNumber: '6222000010000002', kind: 'savings', name: savings, balanceMinor: 5_000_000, history: [{ at: '2026-10-01T10:00:00+08:00', description: '存入 / Deposit', amountMinor: 5_000_000 }] },
    ],
  },
  {
    customerId: 'C1002',
    displayName: '李娜',
    idNumber: '110105199002280020',
    // Magstripe only (service code 1xx): a swipe is accepted.
    cards: [{ cardId: 'K1002', pan: '6222021000000000025', pin: '246810', expiry: '2908', serviceCode: '101', status: 'active' }],
    accounts: [
      {
        accountId: 'A2001',
        accountNumber: '6222000020000001',
        kind: 'current',
        name: current,
        balanceMinor: 32_050,
        history: [
          { at: '2026-11-15T12:05:00+08:00', description: '转账 / Transfer from 张伟', amountMinor: 100_000 },
          { at: '2026-11-16T09:30:00+08:00', description: '房租 / Rent', amountMinor: -90_000 },
        ],
      },
    ],
  },
  {
    customerId: 'C1003',
    displayName: 'Emily Chen',
    cards: [
      { cardId: 'K1003', pan: '6222021000000000033', pin: '1357', expiry: '3106', serviceCode: '201', status: 'active' },
      // Expired at the end of November 2025: refused as card-expired.
      { cardId: 'K1005', pan: '6222021000000000058', pin: '1357', expiry: '2511', serviceCode: '201', status: 'active' },
    ],
    accounts: [
      {
        accountId: 'A3001',
        accountNumber: '6222000030000001',
        kind: 'current',
        name: current,
        balanceMinor: 880_000,
        history: [
          { at: '2026-11-01T08:00:00+08:00', description: '工资 / Salary', amountMinor: 900_000 },
          { at: '2026-11-03T19:00:00+08:00', description: '书店 / Bookshop', amountMinor: -20_000 },
        ],
      },
    ],
  },
  {
    customerId: 'C1004',
    displayName: '王芳',
    cards: [{ cardId: 'K1004', pan: '6222021000000000041', pin: '888888', expiry: '3009', serviceCode: '201', status: 'blocked' }],
    accounts: [{ accountId: 'A4001', accountNumber: '6222000040000001', kind: 'current', name: current, balanceMinor: 100_000, history: [{ at: '2026-09-01T10:00:00+08:00', description: '存入 / Deposit', amountMinor: 100_000 }] }],
  },
];

/** The demo customers who accept marketing (recommendations): 张伟 and 李娜; Emily Chen and 王芳 refused. */
export const DEMO_MARKETING_CONSENT: ReadonlySet<string> = new Set(['C1001', 'C1002']);

export interface SeedBiller {
  billerId: string;
  category: 'electricity' | 'water' | 'phone' | 'tuition';
  name: { zh: string; en: string };
  referenceLabel: { zh: string; en: string };
  referencePattern: string;
  feeMinor: number;
}

export const SEED_BILLERS: readonly SeedBiller[] = [
  { billerId: 'sgcc-sh', category: 'electricity', name: { zh: '国网上海电力 电费', en: 'State Grid Shanghai — electricity' }, referenceLabel: { zh: '户号', en: 'Account number' }, referencePattern: '^\\d{10}$', feeMinor: 0 },
  { billerId: 'water-sh', category: 'water', name: { zh: '上海城投水务 水费', en: 'Shanghai Water — water' }, referenceLabel: { zh: '户号', en: 'Account number' }, referencePattern: '^\\d{8}$', feeMinor: 0 },
  { billerId: 'cmcc', category: 'phone', name: { zh: '中国移动 话费', en: 'China Mobile — phone bill' }, referenceLabel: { zh: '手机号码', en: 'Mobile number' }, referencePattern: '^1\\d{10}$', feeMinor: 0 },
  { billerId: 'tuition-fdu', category: 'tuition', name: { zh: '复旦大学 学费', en: 'Fudan University — tuition' }, referenceLabel: { zh: '学号', en: 'Student number' }, referencePattern: '^\\d{11}$', feeMinor: 200 },
];

export interface SeedBill {
  billId: string;
  billerId: string;
  reference: string;
  payeeName: string;
  period: string;
  amountMinor: number;
  dueDate: string;
  status: 'open' | 'paid';
}

export const SEED_BILLS: readonly SeedBill[] = [
  { billId: 'EB-202611-0001', billerId: 'sgcc-sh', reference: '3100123456', payeeName: '张*', period: '2026-11', amountMinor: 25_680, dueDate: '2026-12-20', status: 'open' },
  { billId: 'EB-202610-0001', billerId: 'sgcc-sh', reference: '3100123456', payeeName: '张*', period: '2026-10', amountMinor: 19_830, dueDate: '2026-11-20', status: 'paid' },
  { billId: 'EB-202611-0002', billerId: 'sgcc-sh', reference: '3100654321', payeeName: '李*', period: '2026-11', amountMinor: 41_205, dueDate: '2026-12-20', status: 'open' },
  { billId: 'WB-202611-0001', billerId: 'water-sh', reference: '20456789', payeeName: '张*', period: '2026-11', amountMinor: 7_840, dueDate: '2026-12-25', status: 'open' },
  { billId: 'WB-202611-0002', billerId: 'water-sh', reference: '20456790', payeeName: '陈*', period: '2026-11', amountMinor: 6_120, dueDate: '2026-12-25', status: 'open' },
  { billId: 'PB-202611-0001', billerId: 'cmcc', reference: '13800138000', payeeName: '王*', period: '2026-11', amountMinor: 10_000, dueDate: '2026-12-15', status: 'open' },
  { billId: 'PB-202611-0002', billerId: 'cmcc', reference: '13912345678', payeeName: 'E* Chen', period: '2026-11', amountMinor: 5_800, dueDate: '2026-12-15', status: 'open' },
  { billId: 'TU-2026F-0001', billerId: 'tuition-fdu', reference: '22307110001', payeeName: '陈*', period: '2026 秋季学期 / Autumn 2026', amountMinor: 450_000, dueDate: '2026-12-31', status: 'open' },
  { billId: 'TU-2026F-0002', billerId: 'tuition-fdu', reference: '22307110002', payeeName: '李*', period: '2026 秋季学期 / Autumn 2026', amountMinor: 500_000, dueDate: '2026-12-31', status: 'open' },
];

/** Bumped when the seed changes; a database seeded with an older version is left as it is. */
export const SEED_VERSION = 1;
/** The ID numbers came later: seeded on their own claim, so a bank seeded at version 1 gets them too. */
export const IDENTITY_SEED_VERSION = 2;
